/**
 * The journey map's stylesheets: journey.css (the map, shared by the preview, which loads it
 * as dist/media/journey.css, and the HTML export, which inlines it) and journey-export.css
 * (the export's own theme and print rules). scripts/gen-styles.mjs turns both into
 * ../generated/styles.ts at build time; see journey.css for the layout.
 */
export { EXPORT_THEME_CSS, JOURNEY_CSS } from '../generated/styles';

/** The smallest text of the map in px at 100 % (journey.css); the webview's zoom never goes below 10/MIN_TEXT_PX. */
export const MIN_TEXT_PX = 12;
