import { hrefFor, parseHash, type Route } from './routes';

/** The current route, from the location hash. */
class Router {
  route = $state<Route>(parseHash(window.location.hash));

  /** Called from <svelte:window onhashchange>. */
  sync(): void {
    this.route = parseHash(window.location.hash);
  }

  go(route: Route): void {
    window.location.hash = hrefFor(route);
    this.route = route;
  }
}

export const router = new Router();
