export const PROJECT_TABS = ['data', 'train', 'audit'] as const;
export type ProjectTab = (typeof PROJECT_TABS)[number];

export type Route = { view: 'home' } | { view: 'project'; projectId: string; tab: ProjectTab };

/** #/ → home; #/projects/<id>/<tab> → project view. Hash routing works on app:// and http alike. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'projects' && parts[1] !== undefined) {
    const tab = PROJECT_TABS.find((t) => t === parts[2]) ?? 'data';
    return { view: 'project', projectId: parts[1], tab };
  }
  return { view: 'home' };
}

export function hrefFor(route: Route): string {
  return route.view === 'home' ? '#/' : `#/projects/${encodeURIComponent(route.projectId)}/${route.tab}`;
}
