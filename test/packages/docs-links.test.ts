// Every link in the README, docs/ and the packages' and examples' READMEs leads somewhere: a relative link
// names a file or folder that exists, and a `#fragment` names a heading of the file it points into
// (GitHub's anchors). Links inside code blocks and absolute URLs are not followed.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');

/** Markdown outside fenced code blocks. */
const prose = (text: string) => text.split(/^```.*$/m).filter((_, i) => i % 2 === 0).join('\n');

function markdownFiles(): string[] {
  const files = ['README.md', 'CHANGELOG.md'];
  for (const f of readdirSync('docs')) if (f.endsWith('.md')) files.push(join('docs', f));
  for (const p of readdirSync('packages')) if (existsSync(join('packages', p, 'README.md'))) files.push(join('packages', p, 'README.md'));
  for (const e of readdirSync('examples')) if (existsSync(join('examples', e, 'README.md'))) files.push(join('examples', e, 'README.md'));
  return files.filter((f) => existsSync(f));
}

function headings(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, h] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.+)$/gm)) {
    const a = anchor(h!.replace(/`/g, ''));
    const n = seen.get(a) ?? 0;
    out.add(n ? `${a}-${n}` : a); // GitHub numbers repeated headings
    seen.set(a, n + 1);
  }
  return out;
}

test('README, docs and package READMEs: every relative link and anchor resolves', () => {
  const broken: string[] = [];
  const files = markdownFiles();
  assert.ok(files.length >= 8, `found ${files.length} markdown files`);
  let checked = 0;
  for (const file of files) {
    for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // http:, https:, mailto:
      checked++;
      const [path, fragment] = target!.split('#') as [string, string | undefined];
      const into = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
      if (!existsSync(into)) {
        broken.push(`${file}: ${target} (no ${into})`);
        continue;
      }
      if (fragment && statSync(into).isFile() && into.endsWith('.md') && !headings(into).has(fragment)) broken.push(`${file}: ${target} (no heading #${fragment} in ${into})`);
    }
  }
  assert.ok(checked > 30, `checked ${checked} links`);
  assert.deepEqual(broken, []);
});

test('the README stays a front door: at most 300 lines, the two commands first', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.split('\n').length <= 300, `README.md has ${readme.split('\n').length} lines`);
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  assert.match(firstBlock, /npm ci && npm start/);
  assert.match(firstBlock, /npm ci && npm test/);
});
