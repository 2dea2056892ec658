export declare const SANDBOX_BUNDLE: string;
export declare function buildSandbox(options?: { outfile?: string }): Promise<{ outfile: string; inputs: string[] }>;
