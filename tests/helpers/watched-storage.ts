import type { ChangeEvent, StorageChanges } from '../../lib/library/reader';
import type { StorageArea } from '../../lib/library/storage-area';
import { memoryStorage } from '../../scripts/memory-storage';

/**
 * An in-memory storage area that reports its writes as storage.onChanged would: each write's changes are kept in
 * `batches` (for a test to hand over when it chooses) and told at once to `onChanged`'s listeners.
 */
export function watchedStorage() {
  const inner = memoryStorage();
  const batches: StorageChanges[] = [];
  const listeners = new Set<(changes: StorageChanges, area: string) => void>();
  const area: StorageArea = {
    get: (k) => inner.get(k),
    remove: (k) => inner.remove(k),
    async set(items) {
      const old = await inner.get(Object.keys(items));
      await inner.set(items);
      const changes: StorageChanges = {};
      for (const [k, v] of Object.entries(items))
        changes[k] = { oldValue: old[k], newValue: JSON.parse(JSON.stringify(v)) };
      batches.push(changes);
      for (const l of listeners) l(changes, 'local');
    },
  };
  const onChanged: ChangeEvent = {
    addListener: (cb) => listeners.add(cb),
    removeListener: (cb) => listeners.delete(cb),
  };
  return { area, batches, onChanged };
}
