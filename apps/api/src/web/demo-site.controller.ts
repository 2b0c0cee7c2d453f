import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '@lib/auth';
import { DemoSiteService } from '@lib/channels';
import { errorAnswer } from '@lib/common';
import { AppConfig } from '@lib/config';

/** The path of the demo site, outside the /api prefix (create-api-app.ts) since it plays the insurer's own site. */
export const DEMO_SITE_PATH = 'demo/site';

const STYLE = `
  body{font-family:system-ui,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
  header{background:#0b4f8a;color:#fff;padding:1rem 2rem}
  header p{margin:.25rem 0 0;color:#e6eef6}
  main{max-width:48rem;margin:1.5rem auto;padding:0 1rem}
  ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
  button{font:inherit;padding:.4rem .9rem;border:1px solid #0b4f8a;border-radius:4px;background:#fff;color:#0b4f8a;cursor:pointer}
  button.primary{background:#0b4f8a;color:#fff}
  .slot{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:1rem 0}
  .slot a{color:#0b4f8a}
  .note{color:#3e4c59}
`;

/**
 * Plays the insurer's website for the demo: sign in as one of a few customers who
 * have an offer, see it appear, click it and accept it, and follow the link to the
 * campaign's progress, where the events arrive. It mints customer tokens for anyone,
 * so production does not serve it.
 */
@ApiExcludeController()
@Public()
@Controller(DEMO_SITE_PATH)
export class DemoSiteController {
  constructor(
    private readonly demo: DemoSiteService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async site(@Res() reply: FastifyReply): Promise<void> {
    if (this.config.NODE_ENV === 'production') {
      await reply.status(404).send(errorAnswer(404, 'route_not_found', reply.request.headers['accept-language']));
      return;
    }
    const customers = await this.demo.customers();
    // Inside a <script>, "</" would end it: every "<" is written as an escape.
    const data = JSON.stringify(customers).replace(/</g, '\\u003c');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>示例保险公司网站 / Demo insurer site</title><style>${STYLE}</style></head><body>
<header><h1>示例保险公司 · 会员中心</h1><p lang="en">Demo insurer site: the web channel's offers as the insurer's site shows them</p></header>
<main>
<section aria-labelledby="who"><h2 id="who">以客户身份登录 / Sign in as a customer</h2>
<p class="note">这些演示客户当前有网站推荐位活动。/ These demo customers have a web offer now.</p>
<ul id="customers"></ul></section>
<section aria-labelledby="offers-title" aria-live="polite"><h2 id="offers-title">为您推荐 / Offers for you</h2><div id="offers"><p class="note">请先选择一位客户。/ Pick a customer first.</p></div></section>
<p id="status" class="note" role="status"></p>
</main>
<script>
const customers = ${data};
const list = document.getElementById('customers');
const offersBox = document.getElementById('offers');
const statusLine = document.getElementById('status');
const local = (url) => { const u = new URL(url, location.href); return u.pathname + u.search; };
if (customers.length === 0) list.innerHTML = '<li class="note">目前没有进行中的网站活动。/ No running campaign has a web offer now.</li>';
for (const customer of customers) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = customer.name + '（' + customer.customerNo + '）';
  button.addEventListener('click', () => show(customer));
  item.appendChild(button);
  list.appendChild(item);
}
async function show(customer) {
  const answer = await fetch('/api/web/offers?limit=3&token=' + encodeURIComponent(customer.token)).then((r) => r.json());
  offersBox.innerHTML = '';
  statusLine.textContent = '';
  if (answer.offers.length === 0) offersBox.innerHTML = '<p class="note">暂无推荐。/ No offers now.</p>';
  for (const offer of answer.offers) {
    const box = document.createElement('article');
    box.className = 'slot';
    box.setAttribute('aria-label', offer.bundle.name);
    box.innerHTML = offer.html;
    const price = document.createElement('p');
    price.textContent = offer.bundle.name + ' · ' + offer.bundle.price;
    const accept = document.createElement('button');
    accept.type = 'button';
    accept.className = 'primary';
    accept.textContent = '立即办理 / Accept';
    accept.addEventListener('click', async () => {
      await fetch(local(offer.acceptUrl), { method: 'POST' });
      accept.disabled = true;
      statusLine.innerHTML = '';
      statusLine.append('已提交，分支机构将联系您。/ Accepted: the branch will call. ');
      const progress = document.createElement('a');
      progress.href = '/campaigns/' + offer.campaign.id;
      progress.textContent = '查看活动进度 / See the campaign\\'s progress';
      statusLine.appendChild(progress);
    });
    // The demo stays on this page: the click is recorded through its redirect, which is not followed.
    for (const link of box.querySelectorAll('a')) {
      link.addEventListener('click', async (event) => {
        event.preventDefault();
        await fetch(local(link.href), { redirect: 'manual' });
        statusLine.textContent = '已记录点击；真实网站会打开 / Click recorded; the real site would open ' + offer.campaign.name;
      });
    }
    box.append(price, accept);
    offersBox.appendChild(box);
  }
}
</script></body></html>`;
    await reply.status(200).headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(html);
  }
}
