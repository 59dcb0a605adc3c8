// Interpreter: lexer, parser, resolver, evaluator and values of the popsh language.
