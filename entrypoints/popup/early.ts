// Runs before main.tsx (see index.html): the popup's reads start while the rest of its code loads.
import { browser } from 'wxt/browser';
import { startEarlyReads } from '../../lib/library/early';
import { indexedDbStore, setSharedIndexDb } from '../../lib/library/index-store';

const db = indexedDbStore();
setSharedIndexDb(db);
startEarlyReads(browser.storage.local, db);
