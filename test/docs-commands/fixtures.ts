import fs from 'node:fs';
import path from 'node:path';

/**
 * The files the examples name as if the reader had them at hand (`files upload … *.pdf`,
 * `-F file=@report.pdf`, `--password-stdin < bob.txt`, `tickets import tickets.json`), written
 * into the directory the commands run in.
 */
export function writeFixtures(dir: string): void {
  const pdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const files: Record<string, Buffer | string> = {
    'report.pdf': pdf('report'),
    'report-v2.pdf': pdf('report, version 2'),
    'specs.pdf': pdf('specs'),
    'specs-v2.pdf': pdf('specs, version 2'),
    'a.pdf': pdf('a'),
    'b.png': png,
    'big.zip': Buffer.from('504b0506000000000000000000000000000000000000', 'hex'),
    'c.zip': Buffer.from('504b0506000000000000000000000000000000000000', 'hex'),
    'mockups/home.png': png,
    'mockups/contact.png': png,
    'notes.txt': 'Notes from the kick-off call.\n',
    'sitemap-v2.md': '# Sitemap\n\n- Home\n- About\n- Services\n- Careers\n- Contact\n',
    'bob.txt': 'bob-password-1\n',
    'ci-pass.txt': 'ci-password-1\n',
    // WHMCS tbltickets rows, as the mysql line in docs/cli.md writes them.
    'tickets.json': JSON.stringify([
      { id: 2038, tid: 'ABC-123456', did: 1, userid: 7, title: 'Cannot log in to the portal', status: 'Open', date: '2026-11-27 14:02:11' },
      { id: 2039, tid: 'ABC-123457', did: 1, userid: 7, title: 'Invoice question', status: 'Answered', date: '2026-11-28 09:15:00' },
    ]),
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}
