// Styles live inside each shadow root (isolated from the page); the few page-level rules are for hiding entries
// and marking the current one, on the page's own elements. The theme follows the page (data-theme on the host,
// from the page's background), not the system: a light arXiv page in a dark system stays light.

export const ENTRY_CSS = `
:host { all: initial; display: inline-block; margin: 2px 0; font: 12px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.ps-entry { border: 0; margin: 0; padding: 0; min-inline-size: 0; display: inline-flex; flex-wrap: wrap; align-items: center; gap: 4px; color: #444; }
.ps-mark { font-size: 9px; font-weight: 700; letter-spacing: .04em; color: #fff; background: #8a6d1d; border-radius: 3px; padding: 0 3px; }
.ps-star { border: 1px solid transparent; background: none; color: #777; font-size: 16px; line-height: 1; cursor: pointer; padding: 1px 3px; border-radius: 4px; }
.ps-star--on { color: #c18f00; }
.ps-status { font-size: 11px; color: #666; }
.ps-foryou { color: #7a5c00; border: 1px solid currentColor; border-radius: 8px; padding: 0 5px; }
.ps-status--new { color: #fff; background: #2e7d32; border-radius: 8px; padding: 0 6px; }
.ps-chip { display: inline-flex; align-items: center; max-width: 12em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border: 1px solid #c9c9cf; border-radius: 8px; padding: 0 2px 0 6px; font-size: 11px; }
.ps-chip-x, .ps-add-tag { border: 0; background: none; color: inherit; cursor: pointer; font: inherit; padding: 0 4px; border-radius: 4px; }
.ps-add-tag { color: #666; font-size: 11px; }
.ps-dismiss { border: 0; background: none; color: #888; cursor: pointer; font: inherit; font-size: 12px; padding: 0 4px; border-radius: 4px; }
.ps-dismiss[aria-pressed="true"] { color: #b3261e; }
.ps-more { border: 0; background: none; color: #777; cursor: pointer; font: inherit; padding: 0 4px; border-radius: 4px; }
.ps-actions { position: relative; display: inline-flex; }
.ps-menu { position: absolute; top: 100%; left: 0; z-index: 1; display: flex; flex-direction: column; background: #fff; border: 1px solid #c9c9cf; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 2px; white-space: nowrap; }
.ps-menu-item { border: 0; background: none; color: inherit; font: inherit; text-align: left; padding: 2px 8px; cursor: pointer; border-radius: 4px; }
.ps-menu-item:hover { background: #f0f0f3; }
.ps-tag-input { font: inherit; font-size: 12px; width: 10em; padding: 1px 4px; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
:host([data-theme="dark"]) .ps-entry { color: #ccc; }
:host([data-theme="dark"]) .ps-star { color: #aaa; }
:host([data-theme="dark"]) .ps-star--on { color: #f5c542; }
:host([data-theme="dark"]) .ps-status { color: #aaa; }
:host([data-theme="dark"]) .ps-foryou { color: #e8c15a; }
:host([data-theme="dark"]) .ps-chip { border-color: #555; }
:host([data-theme="dark"]) .ps-add-tag, :host([data-theme="dark"]) .ps-dismiss, :host([data-theme="dark"]) .ps-more { color: #aaa; }
:host([data-theme="dark"]) .ps-menu { background: #25262b; border-color: #4a4b50; }
:host([data-theme="dark"]) .ps-menu-item:hover { background: #2f3036; }
:host([data-theme="dark"]) button:focus-visible, :host([data-theme="dark"]) input:focus-visible { outline-color: #8ab4f8; }
`;

export const BAR_CSS = `
:host { all: initial; position: fixed; right: 12px; bottom: 12px; z-index: 2147483000; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
.ps-bar { background: #fff; color: #222; border: 1px solid #c9c9cf; border-radius: 8px; box-shadow: 0 2px 10px rgba(0,0,0,.15); padding: 6px 8px; max-width: 560px; }
.ps-bar--single:empty { display: none; }
.ps-bar-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 2px 0; }
.ps-bar-counts { font-weight: 600; }
.ps-bar-shown { color: #666; }
.ps-bar-notice { margin: 0 0 4px; color: #b3261e; font-weight: 600; max-width: 52ch; }
.ps-bar-btn, .ps-bar-open { font: inherit; border: 1px solid #c9c9cf; background: #f6f6f8; color: inherit; border-radius: 6px; cursor: pointer; padding: 1px 6px; }
.ps-bar-open { background: #fff; box-shadow: 0 2px 10px rgba(0,0,0,.15); }
.ps-bar-text { font: inherit; width: 12em; }
.ps-help { margin: 6px 0 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 2px 12px; font-size: 11px; }
.ps-help div { display: flex; gap: 8px; } .ps-help dt { font-weight: 700; min-width: 3.5em; } .ps-help dd { margin: 0; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
:host([data-theme="dark"]) .ps-bar, :host([data-theme="dark"]) .ps-bar-open { background: #25262b; color: #e8e8ea; border-color: #4a4b50; }
:host([data-theme="dark"]) .ps-bar-btn { background: #2f3036; border-color: #4a4b50; }
:host([data-theme="dark"]) .ps-bar-shown { color: #aaa; }
:host([data-theme="dark"]) .ps-bar-notice { color: #f2b8b5; }
`;

/** The page-level rules, on the page's marks (./marks.ts: attribute names drawn per page). */
export const pageCss = (hidden: string, current: string) => `
[${hidden}] { display: none !important; }
[${current}] { outline: 2px solid #c18f00 !important; outline-offset: 2px; }
`;
