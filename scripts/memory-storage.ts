/** An extension storage area in memory: values kept as JSON text, as the browser serialises them (bench, tests). */
import type { StorageArea } from '../lib/library/storage-area';

export function memoryStorage(): StorageArea & { data: Map<string, string>; bytesWritten: number } {
  const data = new Map<string, string>();
  const area = {
    data,
    bytesWritten: 0,
    async get(keys?: string | string[] | null) {
      const list = keys === null || keys === undefined ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      const out: Record<string, unknown> = {};
      for (const k of list) {
        const v = data.get(k);
        if (v !== undefined) out[k] = JSON.parse(v);
      }
      return out;
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) {
        const text = JSON.stringify(v);
        area.bytesWritten += k.length + text.length;
        data.set(k, text);
      }
    },
    async remove(keys: string | string[]) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
  return area;
}
