import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';

/** What a tracking link is for; part of the signed bytes, so a pixel's token cannot unsubscribe. */
export enum TrackingPurpose {
  Open = 1,
  Click = 2,
  Unsubscribe = 3,
}

export type TrackingClaim =
  | { purpose: TrackingPurpose.Open | TrackingPurpose.Unsubscribe; contactId: number }
  /** A click names the step whose message carried the link and the link's index in it. */
  | { purpose: TrackingPurpose.Click; contactId: number; stepId: number; linkIndex: number };

/** 128 bits of HMAC-SHA256: forging one is out of reach, and the token stays short. */
const MAC_BYTES = 16;

function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** Reads one varint at `at`; undefined past the end or beyond 2^53. */
function readVarint(bytes: Buffer, at: { offset: number }): number | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i += 1) {
    if (at.offset >= bytes.length) return undefined;
    const byte = bytes[at.offset];
    at.offset += 1;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return Number.isSafeInteger(value) ? value : undefined;
    scale *= 0x80;
  }
  return undefined;
}

/**
 * Signed tokens of the public tracking links (pixel, click redirect, unsubscribe):
 * the purpose and ids as varints, then a truncated HMAC-SHA256 of them under
 * TRACKING_SECRET, in base64url. Checking one needs no database, so the endpoints
 * answer from memory; a forged, tampered or foreign (other secret) token reads as none.
 */
export class TrackingTokens {
  /** The secret made a key once: an HMAC from the string converts it again every time. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret));
  }

  sign(claim: TrackingClaim): string {
    const body: number[] = [claim.purpose];
    writeVarint(body, claim.contactId);
    if (claim.purpose === TrackingPurpose.Click) {
      writeVarint(body, claim.stepId);
      writeVarint(body, claim.linkIndex);
    }
    const bytes = Buffer.from(body);
    return Buffer.concat([bytes, this.mac(bytes)]).toString('base64url');
  }

  /** The claim of a token signed with our secret, or undefined for anything else. */
  verify(token: string): TrackingClaim | undefined {
    if (!/^[A-Za-z0-9_-]{20,80}$/.test(token)) return undefined;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length <= MAC_BYTES + 1) return undefined;
    const body = bytes.subarray(0, bytes.length - MAC_BYTES);
    if (!timingSafeEqual(this.mac(body), bytes.subarray(bytes.length - MAC_BYTES))) return undefined;
    const at = { offset: 1 };
    const contactId = readVarint(body, at);
    if (contactId === undefined) return undefined;
    const purpose = body[0];
    if (purpose === TrackingPurpose.Open || purpose === TrackingPurpose.Unsubscribe) {
      return at.offset === body.length ? { purpose, contactId } : undefined;
    }
    if (purpose !== TrackingPurpose.Click) return undefined;
    const stepId = readVarint(body, at);
    const linkIndex = readVarint(body, at);
    if (stepId === undefined || linkIndex === undefined || at.offset !== body.length) return undefined;
    return { purpose, contactId, stepId, linkIndex };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
