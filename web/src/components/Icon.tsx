import { PUNKT_ICON_PATH } from '../punkt-env.ts';

/**
 * A Punkt icon from @oslokommune/punkt-assets, served from our origin under /punkt/icons/.
 * Each icon file's root <svg> carries the icon's name as its id, so <use> can point at it; the
 * icon paths fill with var(--fg-color), which app.css sets to currentColor. Unlike PktIcon this
 * needs no web component and no fetch, which keeps punkt-react out of the public bundle.
 */
export type IconName =
  | 'alert-error'
  | 'alert-information'
  | 'alert-success'
  | 'alert-warning'
  | 'chevron-left'
  | 'chevron-right'
  | 'chevron-down'
  | 'clock'
  | 'email'
  | 'exit-door'
  | 'filter'
  | 'information'
  | 'language'
  | 'link'
  | 'magnifying-glass-big'
  | 'map-cursor'
  | 'mobile-phone'
  | 'print'
  | 'user';

/** A decorative icon (hidden from screen readers: the text next to it says what it means). */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`vv-icon${className ? ` ${className}` : ''}`} aria-hidden="true" focusable="false">
      <use href={`${PUNKT_ICON_PATH}${name}.svg#${name}`} />
    </svg>
  );
}
