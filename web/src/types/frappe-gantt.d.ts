declare module 'frappe-gantt' {
  export interface GanttTask {
    id: string;
    name: string;
    start: string;
    end: string;
    progress?: number;
    custom_class?: string;
    dependencies?: string;
  }
  export interface GanttOptions {
    view_mode?: string;
    view_mode_select?: boolean;
    today_button?: boolean;
    readonly?: boolean;
    readonly_dates?: boolean;
    readonly_progress?: boolean;
    popup_on?: 'click' | 'hover';
    popup?: false | ((ctx: unknown) => void);
    bar_height?: number;
    padding?: number;
    container_height?: number | 'auto';
    scroll_to?: string;
    infinite_padding?: boolean;
    on_date_change?: (task: GanttTask, start: Date, end: Date) => void;
    on_click?: (task: GanttTask) => void;
  }
  export default class Gantt {
    constructor(element: HTMLElement | string, tasks: GanttTask[], options?: GanttOptions);
    refresh(tasks: GanttTask[]): void;
    change_view_mode(mode?: string, maintainPosition?: boolean): void;
    scroll_current(): void;
  }
}
declare module 'frappe-gantt/style.css';
