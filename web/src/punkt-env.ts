/**
 * Points Punkt's web components at the icons and animations we serve ourselves (copied from
 * @oslokommune/punkt-assets by vite.config.ts). Imported first by main.tsx, before Punkt loads;
 * the assignment is unconditional so it also wins if a bundler ever evaluates Punkt earlier,
 * since Punkt reads these when each element is created.
 */
declare global {
  interface Window {
    pktIconPath?: string;
    pktAnimationPath?: string;
  }
}

window.pktIconPath = '/punkt/icons/';
window.pktAnimationPath = '/punkt/animations/';

export const PUNKT_LOGO_PATH = '/punkt/logos/';
