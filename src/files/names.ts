import contentDisposition from 'content-disposition';

// C0 and C1 controls, DEL, and the line and paragraph separators: nothing a file name needs, and the
// stuff of header and log injection. Each run becomes `_`, as a line break does.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Format characters (Unicode Cf): invisible, and the bidi ones among them reorder what is shown, so
// that `rtl\u202etxt.exe` shows as "rtlexe.txt". They are dropped, leaving the name as it reads.
const FORMATS = /\p{Cf}/gu;
const MAX_NAME = 255;

/**
 * The file name to store: a client's name as a file name, not a path. Directory parts (`/` or `\`)
 * are dropped, control characters become `_`, format characters (bidi controls, zero-width
 * characters) are removed, the text is NFC-normalised and trimmed, and at most 255 characters are
 * kept (the extension preserved). Returns null when nothing usable is left. The name is only ever
 * data: blobs live under server-made keys.
 */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const name = base.normalize('NFC').replace(FORMATS, '').replace(CONTROLS, '_').trim();
  if (name === '' || name === '.' || name === '..') return null;
  return truncateKeepingExtension(name);
}

function truncateKeepingExtension(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  if (ext.length === 0 || ext.length > 16) return chars.slice(0, MAX_NAME).join('');
  return chars.slice(0, MAX_NAME - ext.length).join('') + ext.join('');
}

/** A printable-ASCII stand-in for clients that ignore `filename*`: accents dropped, anything else `_`. */
export function asciiFallback(name: string): string {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return plain.replace(/[^\x20-\x7e]/g, '_');
}

/**
 * `Content-Disposition: attachment` for any stored name (RFC 6266): a quoted ASCII `filename` and,
 * when the name is not plain ASCII, `filename*=UTF-8''…` with the exact name percent-encoded.
 */
export function attachmentHeader(name: string): string {
  const safe = cleanFileName(name) ?? 'download';
  return contentDisposition(safe, { type: 'attachment', fallback: asciiFallback(safe) });
}
