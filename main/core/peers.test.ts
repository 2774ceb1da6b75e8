import { describe, expect, it } from 'vitest';
import { PEER_SILENT_MS, PeerTable } from './peers';

describe('the ground stations heard', () => {
  it('lists each with the link it was heard on, by link, system and component', () => {
    const peers = new PeerTable();
    peers.heard(2, 255, 190, true, 1000);
    peers.heard(0, 255, 31, false, 1000);
    peers.heard(0, 254, 190, true, 1000);
    expect(peers.list(1000)).toEqual([
      { linkId: 0, sysid: 254, compid: 190, signed: true, lastMs: 1000 },
      { linkId: 0, sysid: 255, compid: 31, signed: false, lastMs: 1000 },
      { linkId: 2, sysid: 255, compid: 190, signed: true, lastMs: 1000 },
    ]);
  });

  it('leaves out one silent for longer than PEER_SILENT_MS', () => {
    const peers = new PeerTable();
    peers.heard(0, 255, 31, true, 1000);
    expect(peers.list(1000 + PEER_SILENT_MS)).toHaveLength(1);
    expect(peers.list(1001 + PEER_SILENT_MS)).toEqual([]);
  });

  it('keeps at most its capacity, refusing newcomers until one falls silent', () => {
    const peers = new PeerTable(2);
    peers.heard(0, 1, 1, false, 0);
    peers.heard(0, 2, 1, false, 0);
    peers.heard(0, 3, 1, false, 100);
    expect(peers.list(100).map((p) => p.sysid)).toEqual([1, 2]);
    expect(peers.refused).toBe(1);
    peers.heard(0, 3, 1, false, PEER_SILENT_MS + 1);
    expect(peers.list(PEER_SILENT_MS + 1).map((p) => p.sysid)).toEqual([3]);
  });

  it('forgets what was heard on a link that closed', () => {
    const peers = new PeerTable();
    peers.heard(0, 255, 31, true, 0);
    peers.heard(1, 255, 32, true, 0);
    peers.forgetLink(0);
    expect(peers.list(0).map((p) => p.linkId)).toEqual([1]);
  });
});
