import type { ReactNode } from 'react';

export const metadata = { title: 'Comput3 with Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{'button { font: inherit; padding: 0.5rem 1rem; }'}</style>
      </head>
      <body
        style={{
          font: '16px/1.5 system-ui, sans-serif',
          maxWidth: '42rem',
          margin: '2rem auto',
          padding: '0 1rem',
        }}
      >
        {children}
      </body>
    </html>
  );
}
