// Demonstrations written for Podium's demo data: short, finished reference answers for supervised fine-tuning (the
// sft job), most to the demo prompts, some to prompts of their own. Short on purpose: the shipped base model's
// context is 128 tokens, and an answer that fits whole ends with EOS, which is what SFT teaches the policy to emit.
// All text is original to this project.
export interface DemoDemonstration {
  prompt: string;
  response: string;
}

export const DEMO_DEMONSTRATIONS: DemoDemonstration[] = [
  { prompt: "Explain what a hash table is to someone who has just started programming.", response: "A hash table stores values under keys. It turns each key into a number that picks a slot, so finding a key is fast." },
  { prompt: "Why is the sky blue? Explain it like I'm ten.", response: "Air scatters blue light much more than red light, so blue light reaches your eyes from every part of the sky." },
  { prompt: "How do I get a red wine stain out of a white cotton shirt?", response: "Blot it, rinse it from the back with cold water, rub in a little dish soap, then wash it. Do not use hot water." },
  { prompt: "A train leaves at 2:45 pm and arrives at 5:20 pm. How long is the journey?", response: "The journey takes 2 hours and 35 minutes." },
  { prompt: "What is the capital of Australia?", response: "The capital of Australia is Canberra." },
  { prompt: "Write a haiku about a cat watching rain.", response: "Grey drops on the glass,\na cat counts them one by one,\ntail still, eyes awake." },
  { prompt: "How do vaccines work, in simple terms?", response: "A vaccine shows your body a harmless copy of a germ, so your immune system learns to fight the real one quickly." },
  { prompt: "I keep waking up at 3 a.m. and can't get back to sleep. Any tips?", response: "Keep the room dark and cool, skip caffeine after noon, and if you lie awake for long, get up and read until you feel sleepy." },
  { prompt: "If 3 workers can paint a fence in 8 hours, how long would 4 workers take at the same rate?", response: "The job is 24 worker-hours, so 4 workers take 6 hours." },
  { prompt: "Who wrote Pride and Prejudice, and when was it first published?", response: "Jane Austen wrote it. It was first published in 1813." },
  { prompt: "Write the opening two sentences of a mystery story set in a lighthouse.", response: "The lamp had not turned for three nights. When the boat finally reached the rock, the keeper's door was locked from the inside." },
  { prompt: "What causes the seasons on Earth?", response: "The Earth is tilted. For half the year one half leans towards the sun and gets more direct light, which makes its summer." },
  { prompt: "I've never made a budget before. What's a simple way to start?", response: "Write down your monthly income, list your fixed costs, set an amount for savings, and split the rest between food and fun." },
  { prompt: "How many bones are in the adult human body?", response: "An adult human body has 206 bones." },
  { prompt: "Write a limerick about a programmer who forgot a semicolon.", response: "A coder named Lee, in a rush,\nleft out a small mark with a blush.\nThe build would not run,\nthe fix took just one,\nand now Lee checks lines with a hush." },
  { prompt: "How do I undo my last Git commit but keep the changes in my working directory?", response: "Run git reset --soft HEAD~1 to undo the commit and keep the changes staged, or git reset HEAD~1 to keep them unstaged." },
  { prompt: "Explain photosynthesis in two or three sentences.", response: "Plants use the energy of light to turn water and carbon dioxide into sugar. Oxygen is released as a by-product." },
  { prompt: "How long should I boil an egg if I want a runny yolk?", response: "Put the egg into boiling water for about six minutes, then cool it in cold water." },
  { prompt: "Why does `0.1 + 0.2 === 0.3` return false in JavaScript?", response: "Numbers are stored in binary, where 0.1 and 0.2 cannot be exact, so their sum is 0.30000000000000004, not 0.3." },
  { prompt: "How can I politely tell a coworker that their loud phone calls are distracting me?", response: "Ask privately and kindly: say the calls make it hard for you to focus, and ask if they could take them in a meeting room." },
  { prompt: "What's the difference between `let`, `const` and `var` in JavaScript?", response: "let and const are block scoped; const cannot be reassigned. var is function scoped and hoisted. Prefer const, then let." },
  { prompt: "A shirt costs $40. It's reduced by 25%, and then a further 10% is taken off the sale price. What's the final price?", response: "25% off gives $30, and 10% off that gives $27." },
  { prompt: "Sara is twice as old as her brother. In 6 years she will be 1.5 times as old as him. How old are they now?", response: "Her brother is 6 and Sara is 12." },
  { prompt: "Name three primary colours.", response: "Red, blue and yellow." },
  { prompt: "What is the boiling point of water at sea level?", response: "Water boils at 100 degrees Celsius, or 212 degrees Fahrenheit, at sea level." },
  { prompt: "Give me a synonym for happy.", response: "Cheerful." },
  { prompt: "How many days are there in a leap year?", response: "A leap year has 366 days." },
  { prompt: "Translate 'good morning' into French.", response: "Bonjour." },
  { prompt: "What is the largest planet in our solar system?", response: "Jupiter is the largest planet in our solar system." },
  { prompt: "Suggest a name for a small bakery.", response: "The Warm Loaf." },
  { prompt: "Summarise the story of Moby-Dick in one sentence.", response: "Captain Ahab leads the whaling ship Pequod on a doomed hunt for the white whale that took his leg." },
  { prompt: "What does a thermometer measure?", response: "A thermometer measures temperature." },
  { prompt: "Write a one-line thank-you note to a friend who helped me move.", response: "Thank you for giving up your Saturday to carry my boxes; dinner is on me." },
  { prompt: "Is a tomato a fruit or a vegetable?", response: "Botanically a tomato is a fruit, but cooks treat it as a vegetable." },
  { prompt: "How many minutes are there in three hours?", response: "There are 180 minutes in three hours." },
  { prompt: "Give one tip for writing a clear email.", response: "Put the request in the first sentence, so the reader knows at once what you need." },
  { prompt: "What do bees make?", response: "Bees make honey and beeswax." },
  { prompt: "Name a famous speech by an American president.", response: "Abraham Lincoln's Gettysburg Address of 1863." },
  { prompt: "What is the opposite of ancient?", response: "Modern." },
  { prompt: "Why do we have leap years?", response: "A year is about 365 and a quarter days long, so an extra day every four years keeps the calendar in step with the seasons." },
];
