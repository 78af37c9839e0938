// The social sites the extension knows out of the box: where its content script runs (the
// manifest's content_scripts must cover every pattern here; a unit test holds them together) and
// how each site's Post button looks, for the optional warning before posting.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.sites`.
(() => {
  'use strict';

  const SITES = Object.freeze([
    { id: 'x', label: 'X', matches: ['https://x.com/*', 'https://twitter.com/*'],
      postButton: '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]' },
    { id: 'linkedin', label: 'LinkedIn', matches: ['https://www.linkedin.com/*'],
      postButton: '.share-actions__primary-action, .share-box_actions button.artdeco-button--primary' },
    { id: 'facebook', label: 'Facebook', matches: ['https://www.facebook.com/*'],
      postButton: 'form [aria-label="Post"][role="button"], [aria-label="投稿"][role="button"]' },
    { id: 'instagram', label: 'Instagram', matches: ['https://www.instagram.com/*'], postButton: '' },
    { id: 'threads', label: 'Threads', matches: ['https://www.threads.net/*', 'https://www.threads.com/*'], postButton: '' },
    { id: 'bluesky', label: 'Bluesky', matches: ['https://bsky.app/*'], postButton: '[data-testid="composerPublishBtn"]' },
    { id: 'mastodon', label: 'Mastodon',
      matches: ['https://mastodon.social/*', 'https://mastodon.online/*', 'https://mastodon.world/*',
        'https://mstdn.social/*', 'https://mas.to/*', 'https://fosstodon.org/*', 'https://hachyderm.io/*',
        'https://infosec.exchange/*', 'https://mstdn.jp/*', 'https://fedibird.com/*', 'https://pawoo.net/*'],
      postButton: '.compose-form button[type="submit"], .compose-form__publish button' },
    { id: 'local', label: 'Local pages (localhost, 127.0.0.1)', matches: ['http://localhost/*', 'http://127.0.0.1/*'], postButton: '' },
  ]);

  /** Words of a Post button on any site (its text or aria-label, whole), in English and Japanese. */
  const POST_BUTTON_WORDS = Object.freeze([
    'post', 'post all', 'tweet', 'tweet all', 'reply', 'publish', 'share', 'send', 'toot', 'toot!', 'publish!',
    '投稿', '投稿する', 'ポスト', 'ポストする', 'すべてポスト', '返信', '公開', '公開する', 'シェア', '送信', 'トゥート', 'トゥート!',
  ]);

  function hostOfPattern(pattern) {
    return pattern.replace(/^[a-z*]+:\/\//, '').replace(/\/.*$/, '');
  }

  /** The known site a host name belongs to, or null. */
  function siteForHost(host) {
    return SITES.find((site) => site.matches.some((pattern) => hostOfPattern(pattern) === host)) ?? null;
  }

  /**
   * The match pattern ("https://host/*") for a site the user types as a URL or a host name, or
   * null when it is not a plain http(s) host.
   */
  function patternForSite(input) {
    const raw = String(input ?? '').trim();
    if (!raw) return null;
    let url;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
    } catch {
      return null;
    }
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.') && url.hostname !== 'localhost') return null;
    return `${url.protocol}//${url.hostname}/*`;
  }

  const ns = (globalThis.postlint ??= {});
  ns.sites = { SITES, POST_BUTTON_WORDS, siteForHost, patternForSite, hostOfPattern };
})();
