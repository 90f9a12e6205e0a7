from verbs import V, VX
def X(inf, ger, pp, pres, pret, imp, fut, cond, subj, base, past=None, ppen=None, ing=None, s3=None):
    # pres: yo tu el nos ellos ; pret: yo tu el nos ellos ; imp: el nos ellos ; fut/cond stem ; subj: el nos ellos
    p = pres.split(); pr = pret.split()
    d = {'inf': inf, 'ger': ger, 'pp': pp + ' ' + pp[:-1] + 'a ' + pp + 's ' + pp[:-1] + 'as',
         'pres_b': ' '.join([p[0], p[1], p[3], p[4]]), 'pres_3s': p[2],
         'past': pret + ' ' + imp,
         'fut': ' '.join(fut + e for e in ('é','ás','á','emos','án')),
         'cond': ' '.join(cond + e for e in ('ía','ías','íamos','ían')),
         'subj': subj}
    VX(d, base, past, ppen, ing, s3)
X('decir','diciendo','dicho','digo dices dice decimos dicen','dije dijiste dijo dijimos dijeron','decía decíamos decían','dir','dir','diga digamos digan','say','said','said')
X('hacer','haciendo','hecho','hago haces hace hacemos hacen','hice hiciste hizo hicimos hicieron','hacía hacíamos hacían','har','har','haga hagamos hagan','do','did','done')
X('ser','siendo','sido','soy eres es somos son','fui fuiste fue fuimos fueron','era éramos eran','ser','ser','sea seamos sean','be','was','been',None,'is')
X('estar','estando','estado','estoy estás está estamos están','estuve estuviste estuvo estuvimos estuvieron','estaba estábamos estaban','estar','estar','esté estemos estén','be','was','been',None,'is')
X('ir','yendo','ido','voy vas va vamos van','fui fuiste fue fuimos fueron','iba íbamos iban','ir','ir','vaya vayamos vayan','go','went','gone')
X('poder','pudiendo','podido','puedo puedes puede podemos pueden','pude pudiste pudo pudimos pudieron','podía podíamos podían','podr','podr','pueda podamos puedan','can','could','been able','being able','can')
X('querer','queriendo','querido','quiero quieres quiere queremos quieren','quise quisiste quiso quisimos quisieron','quería queríamos querían','querr','querr','quiera queramos quieran','want')
X('saber','sabiendo','sabido','sé sabes sabe sabemos saben','supe supiste supo supimos supieron','sabía sabíamos sabían','sabr','sabr','sepa sepamos sepan','know','knew','known')
X('venir','viniendo','venido','vengo vienes viene venimos vienen','vine viniste vino vinimos vinieron','venía veníamos venían','vendr','vendr','venga vengamos vengan','come','came','come')
X('dar','dando','dado','doy das da damos dan','di diste dio dimos dieron','daba dábamos daban','dar','dar','dé demos den','give','gave','given')
X('ver','viendo','visto','veo ves ve vemos ven','vi viste vio vimos vieron','veía veíamos veían','ver','ver','vea veamos vean','see','saw','seen')
X('oír','oyendo','oído','oigo oyes oye oímos oyen','oí oíste oyó oímos oyeron','oía oíamos oían','oir','oir','oiga oigamos oigan','hear','heard','heard')
X('haber','habiendo','habido','he has ha hemos han','hube hubiste hubo hubimos hubieron','había habíamos habían','habr','habr','haya hayamos hayan','have','had','had')
X('tener','teniendo','tenido','tengo tienes tiene tenemos tienen','tuve tuviste tuvo tuvimos tuvieron','tenía teníamos tenían','tendr','tendr','tenga tengamos tengan','have','had','had')
X('poner','poniendo','puesto','pongo pones pone ponemos ponen','puse pusiste puso pusimos pusieron','ponía poníamos ponían','pondr','pondr','ponga pongamos pongan','put','put','put','putting')
X('salir','saliendo','salido','salgo sales sale salimos salen','salí saliste salió salimos salieron','salía salíamos salían','saldr','saldr','salga salgamos salgan','go out','went out','gone out')
X('romper','rompiendo','roto','rompo rompes rompe rompemos rompen','rompí rompiste rompió rompimos rompieron','rompía rompíamos rompían','romper','romper','rompa rompamos rompan','break','broke','broken')
X('morir','muriendo','muerto','muero mueres muere morimos mueren','morí moriste murió morimos murieron','moría moríamos morían','morir','morir','muera muramos mueran','die','died','died','dying')
X('traer','trayendo','traído','traigo traes trae traemos traen','traje trajiste trajo trajimos trajeron','traía traíamos traían','traer','traer','traiga traigamos traigan','bring','brought','brought')
X('caber','cabiendo','cabido','quepo cabes cabe cabemos caben','cupe cupiste cupo cupimos cupieron','cabía cabíamos cabían','cabr','cabr','quepa quepamos quepan','fit','fitted','fitted')
X('valer','valiendo','valido','valgo vales vale valemos valen','valí valiste valió valimos valieron','valía valíamos valían','valdr','valdr','valga valgamos valgan','be worth','was worth','been worth',None,'is worth')
X('conducir','conduciendo','conducido','conduzco conduces conduce conducimos conducen','conduje condujiste condujo condujimos condujeron','conducía conducíamos conducían','conducir','conducir','conduzca conduzcamos conduzcan','drive','drove','driven')
X('vivir','viviendo','vivido','vivo vives vive vivimos viven','viví viviste vivió vivimos vivieron','vivía vivíamos vivían','vivir','vivir','viva vivamos vivan','live')
X('enviar','enviando','enviado','envío envías envía enviamos envían','envié enviaste envió enviamos enviaron','enviaba enviábamos enviaban','enviar','enviar','envíe enviemos envíen','send','sent','sent')
X('reenviar','reenviando','reenviado','reenvío reenvías reenvía reenviamos reenvían','reenvié reenviaste reenvió reenviamos reenviaron','reenviaba reenviábamos reenviaban','reenviar','reenviar','reenvíe reenviemos reenvíen','forward')
X('confiar','confiando','confiado','confío confías confía confiamos confían','confié confiaste confió confiamos confiaron','confiaba confiábamos confiaban','confiar','confiar','confíe confiemos confíen','trust')
X('continuar','continuando','continuado','continúo continúas continúa continuamos continúan','continué continuaste continuó continuamos continuaron','continuaba continuábamos continuaban','continuar','continuar','continúe continuemos continúen','continue')
X('evaluar','evaluando','evaluado','evalúo evalúas evalúa evaluamos evalúan','evalué evaluaste evaluó evaluamos evaluaron','evaluaba evaluábamos evaluaban','evaluar','evaluar','evalúe evaluemos evalúen','evaluate')
X('actuar','actuando','actuado','actúo actúas actúa actuamos actúan','actué actuaste actuó actuamos actuaron','actuaba actuábamos actuaban','actuar','actuar','actúe actuemos actúen','act')
X('jugar','jugando','jugado','juego juegas juega jugamos juegan','jugué jugaste jugó jugamos jugaron','jugaba jugábamos jugaban','jugar','jugar','juegue juguemos jueguen','play')
