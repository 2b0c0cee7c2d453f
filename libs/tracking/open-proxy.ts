import type { OpenProxy } from './contact-event';

/**
 * Which privacy or image proxy fetched an open's pixel, from its User-Agent, or
 * undefined for a mail client fetching it itself.
 *
 * - Gmail and Yahoo fetch images through their proxies, which name themselves; the
 *   fetch follows a real open, but the proxy caches the image, so later opens go unseen.
 * - Apple Mail Privacy Protection preloads every image when the message arrives,
 *   whether or not it is read; the preload presents itself as a bare "Mozilla/5.0" or
 *   as Apple Mail's WebKit without a browser token. Apple Mail with protection off
 *   sends the same WebKit string, so those opens are marked too: no open from Apple
 *   Mail can be taken as read.
 */
export function openProxyOf(userAgent: string | undefined): OpenProxy | undefined {
  const agent = (userAgent ?? '').trim();
  if (/GoogleImageProxy|ggpht\.com/i.test(agent)) return 'google_proxy';
  if (/YahooMailProxy/i.test(agent)) return 'yahoo_proxy';
  if (agent === 'Mozilla/5.0') return 'apple_privacy';
  const appleWebKit = /^Mozilla\/5\.0 \((Macintosh|iPhone|iPad)[^)]*\) AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)/.test(agent);
  if (appleWebKit && !/(Safari|Chrome|CriOS|FxiOS|Firefox|Edg)\//.test(agent)) return 'apple_privacy';
  return undefined;
}
