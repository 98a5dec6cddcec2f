import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BLANK_CELL } from '../parse/tokenize.ts';
import { docxToText, documentXmlToText } from './docx.ts';
import { htmlToText } from './html.ts';
import { MAX_MARKUP_DEPTH, type MarkupNotes } from './table-text.ts';
import { sniff } from './sniff.ts';

describe('HTML', () => {
  it('table rows become tab-separated lines; rowspan/colspan add no cells; &nbsp; is a blank', () => {
    const html = `<html><head><title>某局2024年政府信息公开工作年度报告</title><script>var x = "<td>1</td>";</script></head><body>
      <div class="nav">首页 &gt; 信息公开</div>
      <table><tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td><td>&nbsp;</td><td>5</td></tr>
      <tr><td colspan="1">（二）部分公开</td><td>1</td><td>0</td><td>&nbsp;</td></tr></table>
      <p>五、存在的主要问题</p></body></html>`;
    expect(htmlToText(html).split('\n')).toEqual([
      '某局2024年政府信息公开工作年度报告',
      '首页 > 信息公开',
      `三、本年度办理结果\t（一）予以公开\t5\t${BLANK_CELL}\t5`,
      `（二）部分公开\t1\t0\t${BLANK_CELL}`,
      '五、存在的主要问题',
    ]);
  });
  it('a page-layout table around the report does not swallow the data tables', () => {
    const html = `<table><tr><td>站点导航</td><td><p>一、总体情况</p><table><tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr></table><p>结束</p></td></tr></table>`;
    expect(htmlToText(html).split('\n')).toEqual(['站点导航', '一、总体情况', '规章\t1\t0\t5', '结束']);
  });
});

describe('Word .docx', () => {
  const cell = (t: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const xml = `<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
    <w:p><w:r><w:t>某局2024年政府信息公开工作年度报告</w:t></w:r></w:p>
    <w:tbl><w:tr>${cell('三、本年度办理结果', '<w:vMerge w:val="restart"/>')}${cell('（一）予以公开')}${cell('3')}${cell('')}${cell('3')}</w:tr>
    <w:tr>${cell('', '<w:vMerge/>')}${cell('（二）部分公开')}${cell('1')}${cell('0', '<w:gridSpan w:val="2"/>')}</w:tr></w:tbl>
    <w:p><w:r><w:t>五、存在的主要问题</w:t></w:r></w:p></w:body></w:document>`;
  it('paragraphs and table rows; a vertical-merge continuation adds no cell; an empty cell is a blank', () => {
    expect(documentXmlToText(xml).split('\n')).toEqual([
      '某局2024年政府信息公开工作年度报告',
      `三、本年度办理结果\t（一）予以公开\t3\t${BLANK_CELL}\t3`,
      '（二）部分公开\t1\t0',
      '五、存在的主要问题',
    ]);
  });
  it('reads word/document.xml out of the zip', () => {
    const zip = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) });
    expect(docxToText(zip)).toContain('（二）部分公开\t1\t0');
    expect(sniff(zip, 'a.docx')).toEqual({ kind: 'docx' });
  });
});

describe('markup nested absurdly deep (npm run fuzz)', () => {
  it('a web page with 200,000 nested tables stops at the depth limit, quickly, keeping the text before', () => {
    const html = '<p>某局2024年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>1</td></tr></table>' + '<table><tr><td>'.repeat(200_000) + '1';
    const notes: MarkupNotes = {};
    const t0 = performance.now();
    const text = htmlToText(html, notes);
    expect(performance.now() - t0).toBeLessThan(3000); // was minutes: htmlparser2 unshifts its stack
    expect(notes.tooDeep).toBe(true);
    expect(text.split('\n').slice(0, 2)).toEqual(['某局2024年政府信息公开工作年度报告', '规章\t1']);
  });
  it('nesting up to the limit is read in full', () => {
    const notes: MarkupNotes = {};
    expect(htmlToText('<div>'.repeat(MAX_MARKUP_DEPTH - 2) + '规章', notes)).toBe('规章');
    expect(notes.tooDeep).toBeUndefined();
  });
  it('a Word document with 100,000 nested tables stops at the limit too', () => {
    const notes: MarkupNotes = {};
    const xml = '<w:document><w:body><w:p><w:r><w:t>标题</w:t></w:r></w:p>' + '<w:tbl><w:tr><w:tc>'.repeat(100_000);
    const t0 = performance.now();
    expect(documentXmlToText(xml, notes)).toBe('标题');
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(notes.tooDeep).toBe(true);
  });
});

describe('sniff', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('by content first', () => {
    expect(sniff(enc('%PDF-1.7\n'), 'report.txt')).toEqual({ kind: 'pdf' });
    expect(sniff(enc('<!DOCTYPE html><html>'), 'a.txt')).toEqual({ kind: 'html' });
    expect(sniff(enc('某局2024年政府信息公开工作年度报告'), 'a.htm')).toEqual({ kind: 'html' });
    expect(sniff(enc('某局2024年政府信息公开工作年度报告'), 'a.txt')).toEqual({ kind: 'text' });
  });
  it('UTF-16 text is text, binary junk is refused', () => {
    const u16 = new Uint8Array([0xff, 0xfe, 0x50, 0x5b, 0x32, 0x00, 0x30, 0x00]);
    expect(sniff(u16, 'a.txt')).toEqual({ kind: 'text' });
    const junk = new Uint8Array(200).map((_, i) => (i * 37) % 256);
    expect(sniff(junk, 'a.txt').kind).toBe('unsupported');
  });
  it('zip archives and spreadsheets are named', () => {
    const z = zipSync({ 'a.pdf': strToU8('%PDF-1.4') });
    expect(sniff(z, 'reports.zip')).toMatchObject({ kind: 'unsupported', what: 'zip' });
    const x = zipSync({ 'xl/workbook.xml': strToU8('<w/>') });
    expect(sniff(x, 'a.xlsx')).toMatchObject({ kind: 'unsupported', what: 'xlsx' });
  });
});
