// Events from the core into the stores, and what to load when a session opens.

import type { EventPacket, SigilApi } from '../../protocol/contract';
import type { ConnectionStatus } from '../api/ws-client';
import { addText, seedTexts, useMessages } from './messages';
import { setTransferProgress, useMissionProgress } from './mission-progress';
import { setList, setProgress, useParams } from './params';
import { useSession } from './session';
import { keyOf, liveTarget, type VehicleKey } from './keys';
import { rebaseHistory } from './rejections';
import { applySnapshot, mergeLink, useTelemetry } from './telemetry';
import { setDownload, useTiles } from './tiles';

export function dispatchEvent(api: SigilApi, event: EventPacket): void {
  switch (event.packetType) {
    case 'telemetry.snapshot': {
      const snapshot = event as EventPacket<'telemetry.snapshot'>;
      useTelemetry.setState((s) => applySnapshot(s, snapshot));
      return;
    }
    case 'statustext': {
      const e = event as EventPacket<'statustext'>;
      useMessages.setState((s) => addText(s, keyOf(e), e.entry));
      return;
    }
    case 'params.progress': {
      const e = event as EventPacket<'params.progress'>;
      const vehicle = keyOf(e);
      useParams.setState((s) => setProgress(s, vehicle, { received: e.received, total: e.total }));
      if (e.total > 0 && e.received >= e.total) void loadParams(api, vehicle);
      return;
    }
    case 'missions.progress': {
      const e = event as EventPacket<'missions.progress'>;
      const { direction, done, total } = e;
      useMissionProgress.setState((s) =>
        setTransferProgress(s, keyOf(e), e.missionType, { direction, done, total }),
      );
      return;
    }
    case 'replay.progress': {
      const e = event as EventPacket<'replay.progress'>;
      useSession.setState((s) => ({ replay: { ...s.replay, [e.linkId]: e.progress } }));
      return;
    }
    case 'tiles.progress': {
      const e = event as EventPacket<'tiles.progress'>;
      useTiles.setState((s) => setDownload(s, e.download));
      return;
    }
    case 'logs.error': {
      const e = event as EventPacket<'logs.error'>;
      useSession.setState({ logError: e.message });
      return;
    }
    default:
      // service.interrupt reaches the session status through the Api handle.
      return;
  }
}

/**
 * Out of session, the core may restart and count on: the first snapshot
 * after it is the rejection chart's new base (store/rejections.ts).
 */
export function sessionStatus(status: ConnectionStatus): void {
  if (status.state === 'ready') return;
  useTelemetry.setState((s) => ({ rejections: rebaseHistory(s.rejections) }));
}

export async function loadParams(api: SigilApi, vehicle: VehicleKey): Promise<void> {
  const { params } = await api.request('params.list', liveTarget(vehicle));
  useParams.setState((s) => setList(s, vehicle, params));
}

/** What the first snapshot does not carry: status texts so far, the key fingerprint. */
export async function loadInitialState(api: SigilApi): Promise<void> {
  const [links, vehicles, signing] = await Promise.allSettled([
    api.request('links.list', {}),
    api.request('vehicles.list', {}),
    api.request('signing.state', {}),
  ]);
  if (links.status === 'fulfilled') {
    useTelemetry.setState((s) => ({
      links: links.value.links.reduce((all, link) => mergeLink(all, link), s.links),
    }));
  }
  if (vehicles.status === 'fulfilled') {
    for (const v of vehicles.value.vehicles) {
      useMessages.setState((s) => seedTexts(s, v, v.statusTexts));
    }
    if (useTelemetry.getState().vehicles.length === 0) {
      useTelemetry.setState({
        vehicles: vehicles.value.vehicles.map(({ statusTexts: _texts, ...state }) => state),
      });
    }
  }
  if (signing.status === 'fulfilled') {
    const { fingerprint, localTimestamp, clock } = signing.value;
    useTelemetry.setState({ signing: { fingerprint, localTimestamp, clock } });
  }
}
