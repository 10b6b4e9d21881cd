/**
 * The page bar's host: a closed shadow root fixed at the page's corner, and the one page-level stylesheet (hiding
 * entries, marking the selected one). Rendering its content (components/PageBar) is the coordinator's.
 */
import { acceptTrustedOnly } from './guard';
import { MARK } from './marks';
import { BAR_CSS, pageCss } from './styles';

export class BarHost {
  host: HTMLElement | undefined;
  root: ShadowRoot | undefined;
  container: HTMLElement | undefined;
  private pageStyle: HTMLStyleElement | undefined;

  constructor(
    private readonly own: (el: Element) => void,
    private readonly theme: () => 'light' | 'dark',
  ) {}

  get shown(): boolean {
    return !!this.host?.isConnected;
  }

  /** The bar's container, made (or made again, if the page removed it) on demand. */
  ensure(): HTMLElement {
    if (!this.host?.isConnected || !this.container) {
      const host = document.createElement('papershelf-bar');
      host.dataset.theme = this.theme();
      const root = host.attachShadow({ mode: 'closed' });
      acceptTrustedOnly(root);
      const style = document.createElement('style');
      style.textContent = BAR_CSS;
      const container = document.createElement('div');
      root.append(style, container);
      document.documentElement.append(host);
      this.own(host);
      Object.assign(this, { host, root, container });
    }
    return this.container as HTMLElement;
  }

  /** The rules for hiding entries and marking the selected one, on the page's own elements. */
  ensurePageStyle(): void {
    if (this.pageStyle?.isConnected) return;
    this.pageStyle = document.createElement('style');
    this.pageStyle.textContent = pageCss(MARK.hidden, MARK.current);
    this.pageStyle.dataset.papershelf = 'page-style';
    this.own(this.pageStyle); // our own mutation: no rescan
    (document.head ?? document.documentElement).append(this.pageStyle);
  }

  /** Where the bar's top edge is on screen (the selected entry is scrolled clear of it); undefined without a bar. */
  top(): number | undefined {
    if (!this.host?.isConnected) return undefined;
    const r = this.host.getBoundingClientRect();
    return r.height > 0 ? r.top : undefined;
  }

  destroy(unrender: (container: HTMLElement) => void): void {
    if (this.container) unrender(this.container);
    this.host?.remove();
    this.pageStyle?.remove();
    this.host = undefined;
    this.root = undefined;
    this.container = undefined;
  }
}
