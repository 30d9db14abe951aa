// GitHub's branch and commit pages as the gateway-read bench's own servers (minimal.ts, floor.ts)
// read them, and the gateway's public shape they map each item to.

interface WireBranch {
  name: string;
  commit: { sha: string };
  protected?: boolean;
}
interface WirePerson {
  name?: string;
  email?: string;
  date?: string;
}
interface WireCommit {
  sha: string;
  html_url: string;
  parents: { sha: string }[];
  commit: { message: string; author: WirePerson | null; committer: WirePerson | null };
  author: { login: string } | null;
}

const person = (wire: WirePerson | null, login: string | null = null) =>
  wire === null
    ? null
    : { name: wire.name ?? null, email: wire.email ?? null, login, date: wire.date ?? null };

/** A page of GitHub branches in the gateway's shape. */
export const mapBranches = (items: unknown[]) =>
  (items as WireBranch[]).map((branch) => ({
    provider: 'github',
    name: branch.name,
    sha: branch.commit.sha,
    protected: branch.protected ?? null,
  }));

/** A page of GitHub commits in the gateway's shape. */
export const mapCommits = (items: unknown[]) =>
  (items as WireCommit[]).map((commit) => ({
    provider: 'github',
    sha: commit.sha,
    message: commit.commit.message,
    author: person(commit.commit.author, commit.author?.login ?? null),
    committer: person(commit.commit.committer),
    parents: commit.parents.map((parent) => parent.sha),
    webUrl: commit.html_url,
  }));
