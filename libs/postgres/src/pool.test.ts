import { createPool } from './pool';

describe('createPool', () => {
  it.each(['sslrootcert', 'sslcert', 'sslkey'])(
    'stops at once when the URL names a %s file that cannot be read, without the password',
    (param) => {
      const url = `postgres://svc:s3cret-pw@db.example.com:5432/tributary?sslmode=verify-full&${param}=/missing/file.pem`;
      let message = '';
      try {
        createPool({ connectionString: url, applicationName: 'test' });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(
        `the database URL's ${param} (/missing/file.pem) cannot be read (ENOENT)`,
      );
      expect(message).not.toContain('s3cret-pw');
    },
  );

  it('builds a pool when the URL has no TLS files', async () => {
    const pool = createPool({
      connectionString: 'postgres://svc@127.0.0.1:5432/tributary?sslmode=verify-full',
      applicationName: 'test',
    });
    await pool.end();
  });
});
