import { openProxyOf } from './open-proxy';

describe('openProxyOf', () => {
  it('names the image proxies of Gmail and Yahoo', () => {
    expect(openProxyOf('Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)')).toBe('google_proxy');
    expect(openProxyOf('YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html')).toBe('yahoo_proxy');
  });

  it('marks Apple Mail and its privacy preload', () => {
    expect(openProxyOf('Mozilla/5.0')).toBe('apple_privacy');
    expect(openProxyOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)')).toBe('apple_privacy');
    expect(openProxyOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148')).toBe('apple_privacy');
  });

  it('takes browsers and desktop mail clients at face value', () => {
    expect(openProxyOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15')).toBeUndefined();
    expect(openProxyOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')).toBeUndefined();
    expect(openProxyOf('Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)')).toBeUndefined();
    expect(openProxyOf('Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0')).toBeUndefined();
    expect(openProxyOf(undefined)).toBeUndefined();
  });
});
