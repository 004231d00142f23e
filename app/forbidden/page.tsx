import Link from "next/link";

export default async function Forbidden({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  return (
    <main className="mx-auto max-w-lg p-12 text-center">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-600">Your role does not include {need ? <code className="rounded bg-slate-100 px-1">{need}</code> : "this permission"}. Ask an admin.</p>
      <Link href="/traces" className="mt-6 inline-block text-indigo-600 hover:underline">Back to traces</Link>
    </main>
  );
}
