import { Loading } from '../components/status';
import { preloadable } from '../lib/preloadable';

// Sign-in and the project list come with the first script; every other screen is its own chunk.
// The top-level screens show their own loading line; the tabs share the project page's.
export const ProjectRoute = preloadable(() => import('./routes/project'), <Loading label="Loading the project" />);
export const MyWorkPage = preloadable(() => import('../features/my-work/my-work-page'), <Loading label="Loading my work" />);
export const SessionsPage = preloadable(() => import('../features/sessions/sessions-page'), <Loading label="Loading sessions" />);
export const ActionsTab = preloadable(() => import('../features/actions/actions-tab'));
export const GanttTab = preloadable(() => import('../features/gantt/gantt-tab'));
export const TimeTab = preloadable(() => import('../features/time/time-tab'));

const TAB_SCREENS = { actions: ActionsTab, gantt: GanttTab, time: TimeTab } as const;

/**
 * Starts fetching the chunks the page at `pathname` will render, so that they arrive while the
 * session and the data are still being read rather than after.
 */
export function preloadScreensFor(pathname: string): void {
  const project = /^\/projects\/\d+(?:\/(\w+))?/.exec(pathname);
  if (project) {
    void ProjectRoute.preload();
    const tab = project[1] as keyof typeof TAB_SCREENS | undefined;
    if (tab && tab in TAB_SCREENS) void TAB_SCREENS[tab].preload();
  } else if (pathname.startsWith('/my-work')) {
    void MyWorkPage.preload();
  } else if (pathname.startsWith('/sessions')) {
    void SessionsPage.preload();
  }
}
