import { describe, expect, it } from 'vitest';
import type { STATUSTEXT } from '../mavlink/dialect/types';
import { FakeIo, incoming } from './testing/fake-io';
import { StatusTextAssembler, type StatusTextEntry } from './statustext';

function setup(flushMs = 2000) {
  const io = new FakeIo();
  const texts: StatusTextEntry[] = [];
  const assembler = new StatusTextAssembler(io, (e) => texts.push(e), flushMs);
  const push = (fields: Partial<STATUSTEXT>, compid = 1) =>
    assembler.push(
      compid,
      incoming('STATUSTEXT', fields).fields as unknown as STATUSTEXT,
      io.now(),
    );
  return { io, texts, push, assembler };
}

const A50 = 'a'.repeat(50);
const B50 = 'b'.repeat(50);

describe('StatusTextAssembler', () => {
  it('shows a text with id 0 at once', () => {
    const { texts, push } = setup();
    push({ severity: 2, text: 'EKF failsafe' });
    expect(texts.map((t) => [t.severity, t.text])).toEqual([['CRITICAL', 'EKF failsafe']]);
  });

  it('shows a 50-character text with id 0 at once', () => {
    const { texts, push } = setup();
    push({ severity: 6, text: A50 });
    expect(texts.map((t) => t.text)).toEqual([A50]);
  });

  it('joins chunks of one id until a chunk shorter than 50 bytes', () => {
    const { texts, push } = setup();
    push({ severity: 4, text: A50, id: 7, chunk_seq: 0 });
    push({ severity: 4, text: B50, id: 7, chunk_seq: 1 });
    expect(texts).toEqual([]);
    push({ severity: 4, text: 'end', id: 7, chunk_seq: 2 });
    expect(texts.map((t) => [t.text, t.incomplete])).toEqual([[A50 + B50 + 'end', false]]);
  });

  it('puts chunks that arrive out of order in chunk_seq order', () => {
    const { texts, push } = setup();
    push({ severity: 6, text: 'tail', id: 3, chunk_seq: 1 });
    push({ severity: 6, text: A50, id: 3, chunk_seq: 0 });
    expect(texts.map((t) => t.text)).toEqual([A50 + 'tail']);
  });

  it('keeps texts of different ids apart while they interleave', () => {
    const { texts, push } = setup();
    push({ severity: 6, text: A50, id: 1, chunk_seq: 0 });
    push({ severity: 6, text: B50, id: 2, chunk_seq: 0 });
    push({ severity: 6, text: '2', id: 2, chunk_seq: 1 });
    push({ severity: 6, text: '1', id: 1, chunk_seq: 1 });
    expect(texts.map((t) => t.text)).toEqual([B50 + '2', A50 + '1']);
  });

  it('shows an unfinished text after the flush timeout, marked incomplete', () => {
    const { io, texts, push } = setup(2000);
    push({ severity: 6, text: A50, id: 9, chunk_seq: 0 });
    io.advance(1999);
    expect(texts).toEqual([]);
    io.advance(1);
    expect(texts.map((t) => [t.text, t.incomplete])).toEqual([[A50, true]]);
  });

  it('marks a missing middle chunk with a gap', () => {
    const { io, texts, push } = setup();
    push({ severity: 6, text: A50, id: 4, chunk_seq: 0 });
    push({ severity: 6, text: 'end', id: 4, chunk_seq: 2 });
    io.advance(2000);
    expect(texts.map((t) => [t.text, t.incomplete])).toEqual([[A50 + '…end', true]]);
  });

  it('starts a new text when a chunk number comes again for the same id', () => {
    const { texts, push } = setup();
    push({ severity: 6, text: A50, id: 5, chunk_seq: 0 });
    push({ severity: 6, text: 'next', id: 5, chunk_seq: 0 });
    expect(texts.map((t) => [t.text, t.incomplete])).toEqual([
      [A50, true],
      ['next', false],
    ]);
  });

  it('takes the time of the first chunk', () => {
    const { io, texts, push } = setup();
    const start = io.now();
    push({ severity: 6, text: A50, id: 6, chunk_seq: 0 });
    io.advance(300);
    push({ severity: 6, text: 'x', id: 6, chunk_seq: 1 });
    expect(texts[0]!.time).toBe(start);
  });
});
