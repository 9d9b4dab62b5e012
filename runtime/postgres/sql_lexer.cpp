// TEMPORARY placeholder (not committed): the helper's lexer replaces it.
#include "postgres/sql_lexer.hpp"
namespace migbundle::postgres {
static bool sp(char c) { return c==' '||c=='\t'||c=='\n'||c=='\r'||c=='\f'||c=='\v'; }
bool next_statement(std::string_view t, std::size_t from, StatementSpan& out) noexcept {
  std::size_t i = from; bool started=false; out = StatementSpan{};
  while (i < t.size()) {
    char c=t[i];
    if (sp(c)) { ++i; continue; }
    if (c=='-'&&i+1<t.size()&&t[i+1]=='-') { while(i<t.size()&&t[i]!='\n') ++i; continue; }
    if (c=='/'&&i+1<t.size()&&t[i+1]=='*') { auto e=t.find("*/",i+2); i = e==std::string_view::npos? t.size(): e+2; continue; }
    if (c==';') { ++i; if (started) { out.end=i; return true; } continue; }
    if (!started) { started=true; out.begin=i; }
    if (c=='\''||c=='"') { std::size_t j=i+1; while(j<t.size()){ if(t[j]==c){ if(j+1<t.size()&&t[j+1]==c){j+=2;continue;} break;} ++j;} i=j+1; continue; }
    if (c=='$'&&i+1<t.size()&&t[i+1]=='$') { auto e=t.find("$$",i+2); i = e==std::string_view::npos? t.size(): e+2; continue; }
    ++i;
  }
  if (started) { out.end=t.size(); return true; }
  return false;
}
static bool kw(std::string_view s, const char* k) { std::size_t i=0; while(i<s.size()&&sp(s[i]))++i; for(;*k;++k,++i){ if(i>=s.size()||(s[i]&~0x20)!=*k) return false;} return i>=s.size()||!((s[i]>='a'&&s[i]<='z')||(s[i]>='A'&&s[i]<='Z')||s[i]=='_'); }
bool is_transaction_control(std::string_view s) noexcept { return kw(s,"COMMIT")||kw(s,"BEGIN")||(kw(s,"ROLLBACK")); }
bool refused_in_transaction(std::string_view) noexcept { return false; }
}
