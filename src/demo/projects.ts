import type { DemoProject } from './types.js';

/** Eight projects in every state a real installation has: running, future, finished, a template, an archive. */
export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    name: 'Corporate Website Redesign', type: 'Service', status: 'Active', start: -40, manager: 'morgan', assigned: 'priya',
    access: 'all', client: 12, billable: true, rate: 95,
    details: 'New responsive website for Northwind Traders on a headless CMS, with the old blog kept at its addresses.',
    actions: [
      { name: 'Discovery', type: 'Planning', sub: [
        { name: 'Stakeholder interviews', type: 'Research', done: 100, days: [0, 5], who: 'morgan', hours: 6 },
        { name: 'Content audit', type: 'Research', done: 100, days: [3, 10], who: 'priya', hours: 8 },
      ] },
      { name: 'Design', type: 'Planning', sub: [
        { name: 'Wireframes', type: 'Planning', done: 100, days: [10, 17], who: 'priya', hours: 14 },
        { name: 'Visual design', type: 'Development', who: 'priya', sub: [
          { name: 'Style guide', type: 'Development', done: 100, days: [15, 22], who: 'priya', hours: 10 },
          { name: 'Page templates', type: 'Development', done: 60, days: [20, 44], who: 'priya', hours: 12 },
        ] },
      ] },
      { name: 'Build', type: 'Development', sub: [
        { name: 'CMS setup', type: 'Development', done: 50, days: [28, 45], who: 'diego', hours: 10, priority: 3 },
        { name: 'Migrate content', type: 'Development', done: 0, days: [38, 55], who: 'diego' },
        { name: 'Accessibility review', type: 'Review', done: 0, days: [50, 60], who: 'priya' },
      ] },
      { name: 'Launch', type: 'Service', sub: [
        { name: 'DNS cut-over', type: 'Service', done: 0, days: [60, 61], who: 'diego', priority: 3 },
        { name: 'Post-launch check', type: 'Review', done: 0, days: [61, 65], who: 'morgan' },
      ] },
    ],
    topics: [
      { title: 'Kick-off notes', posts: [
        ['morgan', 'Thanks all for the kick-off. Northwind wants the site live before their trade fair; the blog must keep its addresses.'],
        ['priya', 'I will start the content audit tomorrow and share the sitemap here.'],
        ['diego', 'CMS shortlist: Strapi or Directus. I will set up both on staging for a quick comparison.'],
      ] },
      { title: 'Homepage hero image', on: 'Visual design', posts: [
        ['priya', 'Two variants of the hero are on staging: the warehouse photo and the illustrated map.'],
        ['morgan', 'Client prefers the map. Please make the photo the fallback for small screens.'],
      ] },
    ],
    files: [{ name: 'sitemap.md', label: 'Sitemap', on: 'Content audit', text: '# Sitemap\n\n- Home\n- Products\n  - Catalogue\n  - Wholesale\n- Blog (kept at /blog/...)\n- About\n- Contact\n' }],
  },
  {
    name: 'Mobile App 2.0', type: 'Product', status: 'In Production', start: -90, manager: 'morgan', assigned: null,
    access: 'related', client: 58, billable: false, rate: null,
    details: 'Second major version of the Tailspin Toys shopping app: offline mode, dark theme and reliable notifications.',
    actions: [
      { name: 'Requirements', type: 'Planning', sub: [
        { name: 'User research', type: 'Research', done: 100, days: [0, 10], who: 'priya', hours: 12 },
        { name: 'Feature list', type: 'Planning', done: 100, days: [7, 14], who: 'morgan', hours: 4 },
      ] },
      { name: 'Sprint 1', type: 'Development', sub: [
        { name: 'Login and sign-up', type: 'Development', done: 100, days: [14, 21], who: 'diego', hours: 18 },
        { name: 'Push notifications', type: 'Development', done: 100, days: [18, 28], who: 'diego', hours: 14 },
      ] },
      { name: 'Sprint 2', type: 'Development', sub: [
        { name: 'Offline mode', type: 'Development', done: 100, days: [28, 42], who: 'diego', hours: 24, priority: 3 },
        { name: 'Dark theme', type: 'Development', done: 100, days: [30, 38], who: 'priya', hours: 8 },
      ] },
      { name: 'Release', type: 'Service', sub: [
        { name: 'App store submission', type: 'Service', who: 'morgan', sub: [
          { name: 'Screenshots', type: 'Service', done: 100, days: [42, 45], who: 'priya', hours: 3 },
          { name: 'Store listing text', type: 'Contact', done: 100, days: [42, 44], who: 'morgan', hours: 2 },
        ] },
        { name: 'Crash monitoring', type: 'Service', done: 70, days: [45, 100], who: 'diego', hours: 6 },
      ] },
    ],
    topics: [
      { title: 'Release checklist', on: 'Release', posts: [
        ['morgan', 'Checklist: version bump, release notes, screenshots for both stores, staged rollout at 10 %.'],
        ['diego', 'Staged rollout configured. Crash-free sessions at 99.2 % after the first day.'],
        ['priya', 'New screenshots uploaded for phones and tablets.'],
      ] },
      { title: 'Beta feedback round', closed: true, posts: [
        ['priya', 'Summary of 40 beta testers: offline mode loved, dark theme contrast criticised.'],
        ['morgan', 'Contrast fixed in the Dark theme task. Closing this thread.'],
      ] },
    ],
  },
  {
    name: 'Cloud Migration', type: 'Internal', status: 'Active', start: -20, manager: 'diego', assigned: 'diego',
    access: 'manager', client: 0, billable: false, rate: null,
    details: 'Move the in-house servers (billing, mail relay, file shares) to the cloud provider before the lease ends.',
    actions: [
      { name: 'Inventory', type: 'Planning', sub: [
        { name: 'List services and dependencies', type: 'Research', done: 100, days: [0, 5], who: 'diego', hours: 10 },
        { name: 'Estimate costs', type: 'Planning', done: 100, days: [3, 7], who: 'morgan', hours: 3 },
      ] },
      { name: 'Staging environment', type: 'Development', sub: [
        { name: 'Network and VPN', type: 'Development', done: 100, days: [7, 12], who: 'diego', hours: 8 },
        { name: 'Database replicas', type: 'Development', done: 40, days: [10, 25], who: 'diego', hours: 6 },
        { name: 'Load tests', type: 'Review', done: 0, days: [25, 30], who: 'priya' },
      ] },
      { name: 'Cut-over', type: 'Service', sub: [
        { name: 'Freeze window', type: 'Planning', done: 0, days: [30, 31], who: 'morgan' },
        { name: 'Switch DNS', type: 'Service', done: 0, days: [31, 32], who: 'diego', priority: 3 },
      ] },
    ],
    topics: [
      { title: 'Which region?', posts: [
        ['diego', 'Frankfurt has the lowest latency for our clients; Amsterdam is 8 % cheaper.'],
        ['morgan', 'Frankfurt. Several clients require data to stay in Germany.'],
      ] },
    ],
  },
  {
    name: 'Customer Portal SSO', type: 'Product', status: 'In Testing', start: -35, manager: 'morgan', assigned: 'priya',
    access: 'related', client: 31, billable: true, rate: 120,
    details: 'Single sign-on for the Contoso Health customer portal with SAML 2.0 and OpenID Connect.',
    actions: [
      { name: 'SAML integration', type: 'Development', sub: [
        { name: 'Metadata exchange', type: 'Contact', done: 100, days: [0, 4], who: 'priya', hours: 4 },
        { name: 'Attribute mapping', type: 'Development', done: 100, days: [4, 20], who: 'priya', hours: 6 },
      ] },
      { name: 'OpenID Connect', type: 'Development', sub: [
        { name: 'Provider configuration', type: 'Development', done: 100, days: [10, 16], who: 'diego', hours: 5 },
        { name: 'Token refresh', type: 'Development', done: 90, days: [16, 28], who: 'diego', hours: 9, priority: 3 },
      ] },
      { name: 'Testing', type: 'Review', sub: [
        { name: 'Test plan', type: 'Planning', done: 100, days: [25, 28], who: 'morgan', hours: 3 },
        { name: 'Customer UAT', type: 'Review', done: 30, days: [30, 40], who: 'morgan', hours: 4 },
      ] },
    ],
    topics: [
      { title: 'Customer wants Azure AD', on: 'OpenID Connect', posts: [
        ['priya', 'Contoso moves to Azure AD next quarter. OIDC covers it; SAML stays for their partners.'],
        ['morgan', 'Agreed with Raj: both stay. Please document the Azure AD app registration steps.'],
      ] },
    ],
  },
  {
    name: 'Annual Security Audit', type: 'Internal', status: 'Completed', start: -120, manager: 'morgan', assigned: null,
    access: 'all', client: 0, billable: false, rate: null,
    details: 'Yearly audit of servers, access rights and policies, with the remediation of every finding.',
    actions: [
      { name: 'Scope', type: 'Planning', sub: [{ name: 'Define scope', type: 'Planning', done: 100, days: [0, 3], who: 'morgan', hours: 3 }] },
      { name: 'Assessment', type: 'Review', sub: [
        { name: 'Penetration test', type: 'Review', done: 100, days: [3, 17], who: 'diego', hours: 16 },
        { name: 'Policy review', type: 'Review', done: 100, days: [3, 10], who: 'morgan', hours: 6 },
      ] },
      { name: 'Remediation', type: 'Service', sub: [
        { name: 'Patch servers', type: 'Service', done: 100, days: [17, 24], who: 'diego', hours: 10, priority: 3 },
        { name: 'Rotate credentials', type: 'Service', done: 100, days: [20, 25], who: 'diego', hours: 4 },
      ] },
    ],
    topics: [
      { title: 'Findings summary', closed: true, posts: [
        ['morgan', 'Three medium findings (outdated TLS config, two stale accounts), no high ones. All fixed; see the report.'],
      ] },
    ],
    files: [{ name: 'audit-report.txt', label: 'Audit report', text: 'Security audit report\n\nFindings: 3 medium, 0 high.\n1. TLS 1.0 enabled on the mail relay - fixed.\n2. Two stale admin accounts - removed.\n3. Backup key older than a year - rotated.\n' }],
  },
  {
    name: 'Email Campaign Q3', type: 'Service', status: 'Under Review', start: 10, manager: 'morgan', assigned: null,
    access: 'all', client: 47, billable: true, rate: 80,
    details: 'Three summer newsletters for Fabrikam Outdoor, with A/B tested subject lines and a results report.',
    actions: [
      { name: 'Plan', type: 'Planning', sub: [
        { name: 'Audience segments', type: 'Research', done: 0, days: [0, 3], who: 'morgan' },
        { name: 'Copy drafts', type: 'Development', done: 0, days: [2, 5], who: 'priya' },
      ] },
      { name: 'Send', type: 'Service', sub: [
        { name: 'A/B test subject lines', type: 'Service', done: 0, days: [5, 8], who: 'priya' },
        { name: 'Report results', type: 'Review', done: 0, days: [15, 20], who: 'morgan' },
      ] },
    ],
    topics: [{ title: 'Brief from the client', posts: [['morgan', 'Lena sent the brief: focus on hiking gear, one mailing per month, tone friendly.']] }],
  },
  {
    name: 'New Client Onboarding', type: 'Service', status: 'Under Review', fn: 'template', start: null, manager: 'morgan', assigned: null,
    access: 'all', client: 0, billable: true, rate: null,
    details: 'Template: copy it for every new client.',
    actions: [
      { name: 'Onboarding', type: 'Contact', sub: [
        { name: 'Welcome call', type: 'Contact', done: 0, who: 'morgan' },
        { name: 'Collect access details', type: 'Contact', done: 0 },
        { name: 'Set up billing', type: 'Service', done: 0 },
      ] },
      { name: 'Kick-off meeting', type: 'Planning', done: 0, who: 'morgan' },
    ],
    topics: [],
  },
  {
    name: 'Legacy CRM Decommission', type: 'Internal', status: 'Closed', fn: 'archive', start: -200, manager: 'diego', assigned: 'diego',
    access: 'all', client: 0, billable: false, rate: null,
    details: 'Export everything from the old CRM and switch it off.',
    actions: [
      { name: 'Export data', type: 'Development', sub: [
        { name: 'Export contacts', type: 'Development', done: 100, days: [0, 4], who: 'diego', hours: 5 },
        { name: 'Export invoices', type: 'Development', done: 100, days: [3, 6], who: 'diego', hours: 4 },
      ] },
      { name: 'Shut down', type: 'Service', sub: [{ name: 'Switch off servers', type: 'Service', done: 100, days: [10, 11], who: 'diego', hours: 2 }] },
    ],
    topics: [{ title: 'Data retention', closed: true, posts: [['diego', 'Exports are kept for ten years in the archive bucket, encrypted.']] }],
  },
];
