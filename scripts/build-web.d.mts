export declare const WEB_OUT: string;
export declare function webBuildIsStale(): boolean;
export declare function buildWeb(options?: { quiet?: boolean }): Promise<{ out: string; compressed: number }>;
export declare function ensureWebBuilt(): Promise<void>;
