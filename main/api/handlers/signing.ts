// signing.*: the GCS key (only its fingerprint ever travels, but for a
// generated key, shown once to be copied), the signing state, putting the
// key on a vehicle or taking signing off it, forgetting that a vehicle
// signs, and each link's policy.

import {
  deriveKey,
  generateKey,
  isSigningOffKey,
  KeyError,
  keyFromHex,
  SIGNING_OFF_REFUSAL,
  type SigningKey,
} from '../../signing/key';
import type { SigningChangeKind } from '../../core/vehicle-signing';
import { ApiRequestError } from '../../../protocol/answers';
import { linkInfo, signingState } from '../wire';
import { findLink, findVehicle, type ApiContext, type Handlers } from './context';
import { allowList } from './links';

function keyFailure(field: string, error: unknown): never {
  if (error instanceof KeyError) throw new ApiRequestError(`${field}: ${error.message}`);
  throw error;
}

export function signingHandlers(
  ctx: ApiContext,
): Pick<
  Handlers,
  | 'signing.setKey'
  | 'signing.clearKey'
  | 'signing.state'
  | 'signing.sendToVehicle'
  | 'signing.disableOnVehicle'
  | 'signing.forgetVehicle'
  | 'signing.setLinkPolicy'
> {
  const { gcs } = ctx;

  // A new key mid-change would leave the vehicle and the link disagreeing.
  function refuseDuringChange(): void {
    const busy = gcs.links().find((l) => gcs.vehicleSigning.pendingOn(l) !== undefined);
    if (busy !== undefined) {
      throw new ApiRequestError(
        `a vehicle signing change is under way on link ${busy.id}; try again when it has finished`,
      );
    }
  }

  async function useKey(key: SigningKey | null): Promise<void> {
    refuseDuringChange();
    await ctx.saveKey?.(key);
    gcs.setKey(key);
  }

  async function change(
    sysid: number,
    compid: number,
    network: string | undefined,
    kind: SigningChangeKind,
  ) {
    findVehicle(ctx, sysid, compid, network);
    const result = await gcs.changeVehicleSigning(sysid, compid, kind, network);
    return result.ok ? { ok: true } : { ok: false, reason: result.reason };
  }

  return {
    async 'signing.setKey'(request) {
      refuseDuringChange();
      let key: SigningKey;
      let shown: string | undefined;
      switch (request.source) {
        case 'passphrase':
          key = await deriveKey(request.passphrase, request.kdf ?? 'sha256').catch((error) =>
            keyFailure('passphrase', error),
          );
          break;
        case 'hex':
          try {
            key = keyFromHex(request.hex);
          } catch (error) {
            keyFailure('hex', error);
          }
          if (isSigningOffKey(key)) throw new ApiRequestError(`hex: ${SIGNING_OFF_REFUSAL}`);
          break;
        case 'generate':
          key = generateKey();
          shown = key.exportHex();
          break;
      }
      await useKey(key);
      return shown === undefined
        ? { fingerprint: key.fingerprint }
        : { fingerprint: key.fingerprint, key: shown };
    },

    async 'signing.clearKey'() {
      await useKey(null);
      return {};
    },

    async 'signing.state'() {
      const note = ctx.keyNote?.();
      return note === undefined ? signingState(gcs) : { ...signingState(gcs), keyNote: note };
    },

    async 'signing.sendToVehicle'({ sysid, compid, network }) {
      return change(sysid, compid, network, 'enable');
    },

    async 'signing.disableOnVehicle'({ sysid, compid, network }) {
      return change(sysid, compid, network, 'disable');
    },

    // No vehicle need be tracked: a signed vehicle dropped for its silence is still signed.
    async 'signing.forgetVehicle'({ sysid, compid, network }) {
      return { forgotten: gcs.forgetSignedVehicle(sysid, compid, network) };
    },

    async 'signing.setLinkPolicy'({ linkId, sign, require, allowUnsigned }) {
      const link = findLink(ctx, linkId);
      if (gcs.vehicleSigning.pendingOn(link) !== undefined) {
        throw new ApiRequestError(
          `a vehicle signing change is under way on link ${linkId}; try again when it has finished`,
        );
      }
      const ids = allowList(allowUnsigned, gcs.codec);
      gcs.setLinkSigning(linkId, { sign, require, allowUnsigned: ids });
      return { link: linkInfo(link, gcs) };
    },
  };
}
