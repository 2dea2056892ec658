/** Sets an entry as the newest, dropping the oldest once the map holds `max` entries (a bounded memo, oldest first out). */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}
