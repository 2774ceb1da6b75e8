import { describe, expect, it } from 'vitest';
import {
  fromTopic,
  operatorTopics,
  parseTopic,
  statusTopic,
  toTopic,
  topicLevel,
} from './mqtt-topics';

describe('MQTT topics', () => {
  it('name what a system sent by network, system and component', () => {
    expect(fromTopic('field', 1, 1)).toBe('mavlink/field/1/1/from');
  });

  it('name frames for one system, and for every system as all', () => {
    expect(toTopic('field', 7)).toBe('mavlink/field/7/to');
    expect(toTopic('field', 0)).toBe('mavlink/field/all/to');
  });

  it('give an operator one network’s senders, its broadcasts and its bridges', () => {
    expect(operatorTopics('field')).toEqual({
      frames: 'mavlink/field/+/+/from',
      broadcast: 'mavlink/field/all/to',
      bridges: 'mavlink/field/bridge/+/status',
    });
  });

  it('read back as they were written', () => {
    expect(parseTopic('field', fromTopic('field', 200, 0))).toEqual({
      kind: 'from',
      sysid: 200,
      compid: 0,
    });
    expect(parseTopic('field', toTopic('field', 3))).toEqual({ kind: 'to', target: 3 });
    expect(parseTopic('field', toTopic('field', 0))).toEqual({ kind: 'to', target: 0 });
    expect(parseTopic('field', statusTopic('field', 'radio'))).toEqual({
      kind: 'status',
      bridge: 'radio',
    });
  });

  it('of another network, or with ids out of range, read as nothing', () => {
    expect(parseTopic('field', fromTopic('other', 1, 1))).toBeNull();
    expect(parseTopic('field', 'mavlink/field/256/1/from')).toBeNull();
    expect(parseTopic('field', 'mavlink/field/0/1/from')).toBeNull();
    expect(parseTopic('field', 'mavlink/field/x/to')).toBeNull();
    expect(parseTopic('field', 'mavlink/field/1/1/1/from')).toBeNull();
  });

  it('take a bridge name as one level, without wildcards or separators', () => {
    expect(topicLevel('box tcp:127.0.0.1:5760')).toBe('box-tcp:127.0.0.1:5760');
    expect(topicLevel('a/b+c#')).toBe('a-b-c');
    expect(topicLevel('///')).toBe('bridge');
  });
});
