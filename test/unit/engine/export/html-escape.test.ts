// Case text in the HTML report: markup escaped, invisible and direction-changing characters shown
// as code points, and interpolation escaped unless explicitly raw.
import { describe, expect, it } from 'vitest';
import { dataUri, escapeHtml, html, raw } from '../../../../electron/engine/export/html-escape.js';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });

  it('shows control and bidi override characters instead of obeying them', () => {
    expect(escapeHtml('photo\u202Egpj.exe')).toBe('photo[U+202E]gpj.exe');
    expect(escapeHtml('a\u0007b\u0000c\u2066d')).toBe('a[U+0007]b[U+0000]c[U+2066]d');
    expect(escapeHtml('line\tand\nnext')).toBe('line\tand\nnext');
  });

  it('renders null and undefined as nothing', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('html template', () => {
  it('escapes every value, arrays element by element, and leaves raw() alone', () => {
    expect(html`<p>${'<b>'}</p>${raw('<hr>')}${['<i>', raw('<br>')]}`).toBe('<p>&lt;b&gt;</p><hr>&lt;i&gt;<br>');
  });

  it('makes data: URIs only', () => {
    expect(dataUri('image/jpeg', Buffer.from([1, 2, 3]))).toBe('data:image/jpeg;base64,AQID');
  });
});
