// Stands for a generator built in this tree; never run.
int main() { return 0; }
