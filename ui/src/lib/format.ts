/** "2022-03-08" → "8 Mar 2022", "2022-03" → "Mar 2022", "2022" → "2022". */
export function formatPartialDate(date: string | null): string {
  if (!date) return 'Undated';
  const [y, m, d] = date.split('-');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = m ? months[Number(m) - 1] : undefined;
  if (d && month) return `${Number(d)} ${month} ${y}`;
  if (month) return `${month} ${y}`;
  return y;
}

/** A timestamp as a short relative phrase ("today", "3 days ago") or a date. */
export function formatWhen(timestamp: string | null, now: Date = new Date()): string {
  if (!timestamp) return 'Never';
  const then = new Date(timestamp);
  if (Number.isNaN(then.getTime())) return timestamp;
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days < 30) return `${days} days ago`;
  return then.toISOString().slice(0, 10);
}

/** The host of a source URL, for a compact link text. */
export function sourceHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A timestamp as the volunteer's local date and time: "2026-11-27 14:05". */
export function formatStamp(timestamp: string): string {
  const t = new Date(timestamp);
  if (Number.isNaN(t.getTime())) return timestamp;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}
