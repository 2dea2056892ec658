import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to <Link to="/projects">the projects</Link>.
      </p>
    </section>
  );
}
