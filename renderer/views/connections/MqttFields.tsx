// The add-link form's fields for an MQTT network: TLS, the network's name,
// a user name and password (typed, never shown back), and for TLS the PEM
// files of the broker's CA and of a client certificate, on the machine that
// runs Sigil's core.

import type { ReactNode } from 'react';
import { MQTT_PORT, MQTTS_PORT, type MqttForm } from './mqtt-form';

export function MqttFields({
  form,
  port,
  onChange,
}: {
  form: MqttForm;
  port: string;
  onChange: (patch: Partial<MqttForm>, port?: string) => void;
}): ReactNode {
  const text = (name: keyof MqttForm, label: string, type = 'text', testId = `mqtt-${name}`) => (
    <label>
      {label}{' '}
      <input
        type={type}
        value={form[name] as string}
        onChange={(e) => onChange({ [name]: e.target.value })}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        data-testid={testId}
      />
    </label>
  );
  return (
    <>
      <div className="form-row">
        {text('network', 'Network')}
        <label>
          <input
            type="checkbox"
            checked={form.tls}
            onChange={(e) => {
              const tls = e.target.checked;
              // The usual port follows TLS unless the pilot chose another.
              const usual = String(tls ? MQTT_PORT : MQTTS_PORT);
              onChange({ tls }, port === usual ? String(tls ? MQTTS_PORT : MQTT_PORT) : undefined);
            }}
            data-testid="mqtt-tls"
          />{' '}
          TLS (mqtts)
        </label>
        {text('username', 'User name')}
        {text('password', 'Password', 'password')}
      </div>
      {form.tls ? (
        <div className="form-row">
          {text('ca', 'CA file')}
          {text('cert', 'Client certificate')}
          {text('key', 'Client key')}
        </div>
      ) : null}
    </>
  );
}
