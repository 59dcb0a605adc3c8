// Builtins: the domain functions and report rendering.
