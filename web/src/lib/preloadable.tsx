import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';

export type Preloadable<P> = ComponentType<P> & { preload: () => Promise<unknown> };

/**
 * A code-split component that can be fetched before it first renders. `React.lazy` suspends on its
 * first render even when its chunk has already arrived, and React 19 then holds the revealed screen
 * back for up to 300 ms after the fallback showed; a component whose chunk was preloaded renders
 * straight away instead, and one that was not falls back to `lazy` as usual. With a `fallback`, the
 * component is its own Suspense boundary and shows it while its chunk loads; without one, the nearest
 * boundary above it does.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, fallback?: ReactNode): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  const preload = () => {
    loading ??= load().then((module) => {
      loaded = module.default;
    });
    return loading;
  };
  const Lazy = lazy(() => preload().then(() => ({ default: loaded! })));
  function Screen(props: P) {
    const Loaded = loaded;
    if (Loaded) return <Loaded {...props} />;
    if (fallback === undefined) return <Lazy {...props} />;
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Object.assign(Screen, { preload });
}
