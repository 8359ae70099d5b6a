"""What a chat message means: its intent (command, style, again, question, chat), and how a
question about a picture becomes a decoder prefix."""

from bot.chat.understanding.intents import Intent, parse
from bot.chat.understanding.questions import QuestionPlan, is_question, plan_question

__all__ = ["Intent", "QuestionPlan", "is_question", "parse", "plan_question"]
