// The broker side of each MQTT link and the other ground stations heard:
// whether the broker is there (and if not why, and when Sigil tries again),
// how often it went away, when it was last heard, which bridges are online,
// and who else can command the vehicles.

import type { ReactNode } from 'react';
import type { LinkInfo } from '../../../protocol/wire-types';
import { formatCount } from '../../components/format';
import { useTelemetry } from '../../store/telemetry';
import { allPeers, brokerStateText, contactText, formatAgo, peerLabel } from './broker';

function Broker({ link, now }: { link: LinkInfo; now: number | null }): ReactNode {
  const broker = link.broker!;
  const version =
    broker.protocolVersion === null
      ? ''
      : ` · MQTT ${broker.protocolVersion === 5 ? '5' : '3.1.1'}`;
  return (
    <div className="broker" data-testid="broker" data-link-id={link.id}>
      <h3>
        Network <span className="mono">{broker.network}</span>
        <span className="hint">
          {' '}
          link {link.id}
          {version}
        </span>
      </h3>
      <p>
        <span className={`state-dot ${link.state.status}`} aria-hidden="true" />
        <span
          className={link.state.status === 'error' ? 'bad' : undefined}
          data-testid="broker-state"
        >
          {brokerStateText(link, now)}
        </span>
      </p>
      <p className="hint">
        <span data-testid="broker-outages">
          {formatCount(broker.outages)} outage{broker.outages === 1 ? '' : 's'}
        </span>
        , {formatCount(broker.connects)} connection{broker.connects === 1 ? '' : 's'};{' '}
        <span data-testid="broker-contact">{contactText(link, now)}</span>
      </p>
      {broker.bridges.length === 0 ? (
        <p className="hint">No bridge has announced itself on this network.</p>
      ) : (
        <ul className="bridges">
          {broker.bridges.map((b) => (
            <li key={b.name} data-testid="bridge" data-online={b.online}>
              bridge <span className="mono">{b.name}</span>{' '}
              <span className={b.online ? 'good' : 'bad'}>{b.online ? 'online' : 'offline'}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function FleetPanel(): ReactNode {
  const links = useTelemetry((s) => s.links);
  const now = useTelemetry((s) => s.timeMs);
  const brokers = links.filter((l) => l.broker !== undefined && l.state.status !== 'closed');
  const peers = allPeers(links);
  if (brokers.length === 0 && peers.length === 0) return null;
  return (
    <section className="panel fleet" aria-label="Brokers and other ground stations">
      <h2>Brokers and other ground stations</h2>
      {brokers.map((link) => (
        <Broker key={link.id} link={link} now={now} />
      ))}
      <h3>Other ground stations</h3>
      {peers.length === 0 ? (
        <p className="hint" data-testid="no-peers">
          No other ground station heard.
        </p>
      ) : (
        <>
          <p className="warn">
            These can command the vehicles they reach, as this one can: agree who flies what.
          </p>
          <ul className="peers">
            {peers.map((p) => (
              <li key={`${p.linkId}:${p.sysid}:${p.compid}`} data-testid="peer">
                {peerLabel(p)} on link {p.linkId}
                {p.network === undefined ? '' : ` (network ${p.network})`}
                {now === null ? '' : `, heard ${formatAgo(now - p.lastMs)} ago`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
