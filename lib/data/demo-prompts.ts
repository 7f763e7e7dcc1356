// Demo prompts written for Podium, each with five completions of deliberately varied quality,
// so that a newcomer has something meaningful to rank at once.
export interface DemoPrompt {
  prompt: string;
  completions: [string, string, string, string, string];
}

export const DEMO_PROMPTS: DemoPrompt[] = [
  {
    prompt: "Explain what a hash table is to someone who has just started programming.",
    completions: [
      "A hash table stores values under keys. A *hash function* turns each key into a number that says which slot of an array to use, so looking a key up takes about the same time however many items there are.",
      "It's a table of hashes.",
      "Think of a coat check: you hand over a coat and get a numbered ticket. The number tells the attendant exactly which hook to go to. A hash table does the same with data: the key is turned into a number (the hash), and that number picks the slot.\n\n- Lookup: compute the hash, go to the slot.\n- Collisions: two keys can land on one slot; the table then keeps a short list there.",
      "Hash tables are a data structure used in computer science. They are very useful and are used in many programs. Many languages have them.",
      "A hash table is a binary tree sorted by key, so lookups take O(log n).",
    ],
  },
];
