import { describe, expect, it } from 'vitest';
import { parseHash, hrefFor, type Route } from '../../../renderer/src/lib/routes.js';

describe('hash routes', () => {
  it('parses home and project routes, defaulting to the data tab', () => {
    expect(parseHash('')).toEqual({ view: 'home' });
    expect(parseHash('#/')).toEqual({ view: 'home' });
    expect(parseHash('#/projects/abc-1')).toEqual({ view: 'project', projectId: 'abc-1', tab: 'data' });
    expect(parseHash('#/projects/abc-1/audit')).toEqual({ view: 'project', projectId: 'abc-1', tab: 'audit' });
    expect(parseHash('#/projects/abc-1/bogus')).toEqual({ view: 'project', projectId: 'abc-1', tab: 'data' });
    expect(parseHash('#/elsewhere')).toEqual({ view: 'home' });
  });

  it('round-trips through hrefFor', () => {
    const routes: Route[] = [{ view: 'home' }, { view: 'project', projectId: 'p/1', tab: 'train' }];
    for (const route of routes) expect(parseHash(hrefFor(route))).toEqual(route);
  });
});
