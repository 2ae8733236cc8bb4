// A real OpenID Connect provider for the single-sign-on tests: the npm package oidc-provider
// (the certified Node.js implementation), standing in for the county's identity provider.
//
//   node tests/oidc/provider.mjs   with the environment:
//     PORT            port on 127.0.0.1
//     ACCOUNTS        path of a JSON file {"<login>": {"password", "sub", "given_name",
//                     "family_name", "email", "groups": [...], "job_centre", "location",
//                     "disabled": false}}, read at every request (a test disables an account
//                     by rewriting the file, as an administrator would in the directory)
//     CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI
//
// Log-in checks the password (no developer shortcut: devInteractions are off); consent is
// implied for this one first-party client. A disabled account cannot log in, and its access
// tokens are refused at the userinfo endpoint (findAccount finds nothing).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider, { interactionPolicy } from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;

function accounts() {
  return JSON.parse(readFileSync(process.env.ACCOUNTS, 'utf8'));
}

function accountBySub(sub) {
  return Object.values(accounts()).find((account) => account.sub === sub && !account.disabled);
}

// A session whose account was disabled in the directory meanwhile asks for the log-in again.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check(
  'account_disabled', 'the account of this session is disabled',
  (ctx) => (ctx.oidc.session.accountId && !accountBySub(ctx.oidc.session.accountId)
    ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT),
));

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name', 'preferred_username'],
    email: ['email'],
    groups: ['groups', 'job_centre', 'location'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
          <title>Abmelden</title></head><body><main>
          <h1>Vom Dienstkonto des Kreises abmelden?</h1>${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, abmelden</button>
          </main></body></html>`;
      },
    },
  },
  async findAccount(ctx, sub) {
    const account = accountBySub(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const login = Object.keys(accounts()).find((key) => accounts()[key].sub === sub);
        return {
          sub,
          preferred_username: login,
          given_name: account.given_name,
          family_name: account.family_name,
          email: account.email,
          groups: account.groups,
          job_centre: account.job_centre,
          location: account.location,
        };
      },
    };
  },
  async loadExistingGrant(ctx) {
    // First-party client: consent is implied; the grant covers what the client asked for.
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email groups');
    await grant.save();
    return grant;
  },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { AccessToken: 3600, IdToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
  cookies: { keys: ['neue-wege-test-provider'] },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, message) {
  return `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
    <title>Anmeldung Kreis</title></head><body><main><h1>Anmeldung mit dem Dienstkonto</h1>
    ${message ? `<p role="alert">${escape(message)}</p>` : ''}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <label>Benutzername <input name="login" autocomplete="username"></label>
      <label>Passwort <input name="password" type="password"></label>
      <button type="submit">Anmelden</button>
    </form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, match) {
  const [, uid, action] = match;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (!action && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid, ''));
    return;
  }
  const form = await readForm(req);
  const account = accounts()[form.get('login') || ''];
  if (!account || account.disabled || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid, 'Benutzername oder Passwort falsch, oder das Konto ist gesperrt.'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } },
    { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(?:\/(login))?/);
  if (match) {
    try {
      await interaction(req, res, match);
    } catch (error) {
      console.error(error);
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider ${issuer} ready`));
