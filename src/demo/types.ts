/** The shape of the demo data set: plain values, turned into rows by load.ts. Days count from today (UTC). */

export interface DemoAction {
  readonly name: string;
  readonly type: string;
  /** Completion of a task; a parent's is the rounded mean of its children's. */
  readonly done?: number;
  /** Start and finish, in days after the project's start; none for templates. */
  readonly days?: readonly [number, number];
  /** Assigned admin (username). */
  readonly who?: string;
  /** Hours logged on it (past days only), split into sessions. */
  readonly hours?: number;
  readonly priority?: 1 | 2 | 3;
  readonly sub?: readonly DemoAction[];
}

export interface DemoTopic {
  readonly title: string;
  /** The action it is about (name), if any. */
  readonly on?: string;
  readonly closed?: boolean;
  /** First post, then replies: [author username, body]. */
  readonly posts: readonly (readonly [string, string])[];
}

export interface DemoFile {
  readonly name: string;
  readonly label: string;
  readonly on?: string;
  readonly text: string;
}

export interface DemoProject {
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly fn?: 'template' | 'archive';
  /** Days from today; null for a template. */
  readonly start: number | null;
  readonly manager: string;
  /** null = any admin (assigned_adminid 0). */
  readonly assigned: string | null;
  readonly access: 'all' | 'manager' | 'related';
  readonly client: number;
  readonly billable: boolean;
  readonly rate: number | null;
  readonly details: string;
  readonly actions: readonly DemoAction[];
  readonly topics: readonly DemoTopic[];
  readonly files?: readonly DemoFile[];
}

export interface DemoTicket {
  readonly title: string;
  readonly dept: 'Technical Support' | 'Billing' | 'Sales';
  readonly client: number;
  readonly status: string;
  readonly urgency: 'Low' | 'Medium' | 'High';
  readonly daysAgo: number;
  readonly message: string;
  /** Linked to this project (name) and optionally one of its actions; `hours` logged against the ticket. */
  readonly link?: { readonly project: string; readonly action?: string; readonly hours?: number };
}

export interface DemoClient {
  readonly userid: number;
  readonly company: string;
  readonly contact: string;
  readonly email: string;
}
