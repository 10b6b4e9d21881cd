/**
 * The popup's line about the active tab's site when it is not a supported feed: PaperShelf reads paper links
 * there only after the user grants that one site (optional host permission), and the grant can be taken back.
 */
export interface SiteAccessProps {
  host: string;
  granted: boolean;
  onGrant(): void;
  onRevoke(): void;
}

export function SiteAccess({ host, granted, onGrant, onRevoke }: SiteAccessProps) {
  return (
    <p class="ps-site">
      {granted ? (
        <>
          <span>
            PaperShelf reads paper links on <strong>{host}</strong>.
          </span>
          <button type="button" class="ps-site-btn" onClick={onRevoke}>
            Stop on this site
          </button>
        </>
      ) : (
        <>
          <span>
            PaperShelf does not read <strong>{host}</strong>.
          </span>
          <button type="button" class="ps-site-btn" onClick={onGrant}>
            Read paper links here
          </button>
        </>
      )}
    </p>
  );
}
