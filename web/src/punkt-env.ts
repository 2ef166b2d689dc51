/**
 * Where Punkt's icons and logos are served: on our own origin, copied from
 * @oslokommune/punkt-assets by vite.config.ts, so the CSP stays 'self' and nothing loads from a CDN.
 */
export const PUNKT_ICON_PATH = '/punkt/icons/';
export const PUNKT_LOGO_PATH = '/punkt/logos/';
