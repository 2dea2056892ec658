import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page';
import { ProjectsPage } from '../features/projects/projects-page';
import { queryClient } from '../lib/query-client';
import { AppShell } from './app-shell';
import { NotFound } from './routes/not-found';
import { MyWorkPage, ProjectRoute, SessionsPage } from './screens';

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/signin" element={<SignInPage />} />
          <Route element={<AppShell />}>
            <Route index element={<Navigate to="/projects" replace />} />
            <Route path="projects" element={<ProjectsPage />} />
            <Route path="projects/:projectId/*" element={<ProjectRoute />} />
            <Route path="my-work" element={<MyWorkPage />} />
            <Route path="sessions" element={<SessionsPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
