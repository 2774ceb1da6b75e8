// How the Plan view says distances and times.

/** "850 m", "1.2 km". */
export function formatDistanceM(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** "45 s", "4 min 10 s", "1 h 5 min". */
export function formatDurationS(s: number): string {
  const total = Math.round(s);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${total % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
