import type { Access } from '../auth/admins.js';
import type { DemoClient, DemoTicket } from './types.js';

/** Roles of the demo team; an existing role of the same name is reused as it is. */
export const DEMO_ROLES: readonly { name: string; access: Access }[] = [
  { name: 'Project Managers', access: 'admin' },
  { name: 'Developers', access: 'admin' },
  { name: 'Support Desk', access: 'none' },
];

/** The demo team; their presence is also how a second `teampro demo` knows the data is loaded. */
export const DEMO_ADMINS: readonly { username: string; email: string; role: string }[] = [
  { username: 'morgan', email: 'morgan@teampro.example', role: 'Project Managers' },
  { username: 'priya', email: 'priya@teampro.example', role: 'Developers' },
  { username: 'diego', email: 'diego@teampro.example', role: 'Developers' },
  { username: 'hana', email: 'hana@teampro.example', role: 'Support Desk' },
];

export const DEMO_CLIENTS: readonly DemoClient[] = [
  { userid: 12, company: 'Northwind Traders', contact: 'Anna Berg', email: 'anna@northwind.example' },
  { userid: 31, company: 'Contoso Health', contact: 'Raj Patel', email: 'raj@contoso.example' },
  { userid: 47, company: 'Fabrikam Outdoor', contact: 'Lena Fischer', email: 'lena@fabrikam.example' },
  { userid: 58, company: 'Tailspin Toys', contact: 'Tom Reyes', email: 'tom@tailspin.example' },
];

export const DEMO_DEPARTMENTS = ['Technical Support', 'Billing', 'Sales'] as const;

const web = 'Corporate Website Redesign';
const sso = 'Customer Portal SSO';
const mail = 'Email Campaign Q3';
const app = 'Mobile App 2.0';

export const DEMO_TICKETS: readonly DemoTicket[] = [
  { title: 'Staging site asks for a password', dept: 'Technical Support', client: 12, status: 'Closed', urgency: 'Low', daysAgo: 30,
    message: 'We cannot open the staging link you sent. It asks for a user name and password.', link: { project: web, action: 'Wireframes', hours: 0.5 } },
  { title: 'Logo files in vector format', dept: 'Technical Support', client: 12, status: 'Answered', urgency: 'Medium', daysAgo: 21,
    message: 'Attached are our logos as SVG and EPS. Please use the blue variant on dark backgrounds.', link: { project: web, action: 'Style guide' } },
  { title: 'Change request: add a careers page', dept: 'Sales', client: 12, status: 'Customer-Reply', urgency: 'Medium', daysAgo: 6,
    message: 'Could the new site get a careers page with our open positions? Please send a quote.', link: { project: web } },
  { title: 'Invoice for the discovery phase', dept: 'Billing', client: 12, status: 'Closed', urgency: 'Low', daysAgo: 25,
    message: 'Please send the invoice for the discovery workshop to accounts@northwind.example.', link: { project: web, action: 'Discovery' } },
  { title: 'Old blog posts must stay online', dept: 'Technical Support', client: 12, status: 'Open', urgency: 'High', daysAgo: 2,
    message: 'Our blog posts from 2015 onward are linked from partners. Their addresses must keep working.', link: { project: web, action: 'Migrate content', hours: 1 } },
  { title: 'SSO login loops back to the portal', dept: 'Technical Support', client: 31, status: 'In Progress', urgency: 'High', daysAgo: 4,
    message: 'After signing in with Azure AD the portal sends users back to the login page.', link: { project: sso, action: 'Token refresh', hours: 2 } },
  { title: 'Which attributes do you need from our IdP?', dept: 'Technical Support', client: 31, status: 'Answered', urgency: 'Medium', daysAgo: 28,
    message: 'Our identity team asks which SAML attributes the portal reads.', link: { project: sso, action: 'Attribute mapping' } },
  { title: 'UAT schedule', dept: 'Sales', client: 31, status: 'Open', urgency: 'Medium', daysAgo: 3,
    message: 'Our testers are available from Monday. Please confirm the test accounts.', link: { project: sso, action: 'Customer UAT' } },
  { title: 'Quote for the summer newsletter', dept: 'Sales', client: 47, status: 'Answered', urgency: 'Low', daysAgo: 9,
    message: 'We would like three mailings over the summer to about 40,000 subscribers.', link: { project: mail } },
  { title: 'Subscriber list export', dept: 'Technical Support', client: 47, status: 'On Hold', urgency: 'Medium', daysAgo: 5,
    message: 'Our list is in the old shop system. Can you take a CSV export with double opt-in dates?', link: { project: mail, action: 'Audience segments' } },
  { title: 'App crashes when opening a photo', dept: 'Technical Support', client: 58, status: 'In Progress', urgency: 'High', daysAgo: 7,
    message: 'Since version 2.0.1 the app closes when I open a photo from the gallery (Android 14).', link: { project: app, action: 'Crash monitoring', hours: 1.5 } },
  { title: 'Dark theme text hard to read', dept: 'Technical Support', client: 58, status: 'Closed', urgency: 'Low', daysAgo: 40,
    message: 'Grey text on the dark theme settings page is hard to read.', link: { project: app, action: 'Dark theme' } },
  { title: 'Push notifications arrive twice', dept: 'Technical Support', client: 58, status: 'Closed', urgency: 'Medium', daysAgo: 55,
    message: 'Every order update shows up twice on iOS.', link: { project: app, action: 'Push notifications', hours: 1 } },
  { title: 'Annual hosting renewal', dept: 'Billing', client: 47, status: 'Closed', urgency: 'Low', daysAgo: 60,
    message: 'Please renew our hosting for another year and send the invoice.' },
  { title: 'Refund for a duplicate payment', dept: 'Billing', client: 58, status: 'Answered', urgency: 'Medium', daysAgo: 12,
    message: 'Invoice 2291 was paid twice by card. Please refund one of the payments.' },
  { title: 'Mailbox quota exceeded', dept: 'Technical Support', client: 31, status: 'Open', urgency: 'Medium', daysAgo: 1,
    message: 'Several of our staff get "mailbox full" bounces.' },
  { title: 'Interest in a mobile app', dept: 'Sales', client: 12, status: 'Open', urgency: 'Low', daysAgo: 0,
    message: 'After the website we are thinking about an app for our field staff. Can we talk next week?' },
  { title: 'SSL certificate warning', dept: 'Technical Support', client: 47, status: 'Closed', urgency: 'High', daysAgo: 18,
    message: 'Browsers warn that the certificate of shop.fabrikam.example has expired.' },
];
